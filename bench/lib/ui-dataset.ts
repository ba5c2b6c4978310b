// Request templates for `npm run bench:ui`: per template, one OTLP traces request of
// `traces` generated traces (ui-traces.ts), the matching logs request (one log line per two
// spans, with trace and span IDs) and a metrics request (the `http.server.request.duration`
// histogram per service and route, delta, with the slowest span of each point as exemplar).
// load.ts stamps all three with the same request number, so logs and exemplars point at
// stored traces. Trace starts spread over `sliceNs`, the time one request covers.
import { attribute, type Template } from "./dataset.ts";
import { ProtoWriter } from "./protobuf-writer.ts";
import { type GenSpan, generateTrace, random, UI_SERVICES } from "./ui-traces.ts";

export const HISTOGRAM_METRIC = "http.server.request.duration";
const BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

export interface UiTemplate {
  spans: Template;
  logs: Template;
  metrics: Template;
  /** Span count of each trace, by trace number within the template. */
  traceSizes: number[];
}

interface Placed extends GenSpan {
  traceId: Uint8Array;
  spanId: Uint8Array;
  parentId?: Uint8Array;
  /** Offsets from the request's base time, ns. */
  at: bigint;
  end: bigint;
}

/** `n` pseudo-random bytes from `seed`. */
function bytes(n: number, seed: number): Uint8Array {
  const rnd = random(seed);
  return Uint8Array.from({ length: n }, () => Math.floor(rnd() * 256));
}

const traceIdBase = (seed: number, t: number) => bytes(16, 900_000_000 + seed * 100_000 + t);

/** The hex trace ID of trace `t` of template `seed` once stamped with request number `k` (as stamp() does). */
export function uiTraceIdHex(seed: number, t: number, k: number): string {
  const id = traceIdBase(seed, t);
  const view = new DataView(id.buffer);
  view.setUint32(8, Math.floor(k / 0x1_0000_0000));
  view.setUint32(12, k >>> 0);
  return Buffer.from(id).toString("hex");
}

function resource(w: ProtoWriter, service: string): void {
  w.message(1, (r) => {
    attribute(r, 1, "service.name", service);
    attribute(r, 1, "service.version", "2.3.1");
    attribute(r, 1, "service.namespace", "shop");
    attribute(r, 1, "host.name", `${service}-7d9f8b-x2k4q`);
    attribute(r, 1, "deployment.environment.name", "production");
    attribute(r, 1, "telemetry.sdk.language", "nodejs");
  });
}

/** One request body: items grouped by service under ResourceX → ScopeX. */
function bySignal<T extends { service: string }>(
  items: T[],
  itemField: number,
  write: (w: ProtoWriter, item: T) => void,
): { body: Uint8Array; marks: ProtoWriter["marks"] } {
  const w = new ProtoWriter();
  for (const service of UI_SERVICES) {
    const mine = items.filter((i) => i.service === service);
    if (mine.length === 0) continue;
    w.message(1, (rx) => {
      resource(rx, service);
      rx.message(2, (sx) => {
        sx.message(1, (scope) => {
          scope.string(1, "@tracelight/bench-ui");
          scope.string(2, "1.0.0");
        });
        for (const item of mine) sx.message(itemField, (x) => write(x, item));
      });
    });
  }
  return { body: w.finish(), marks: w.marks };
}

function writeSpan(s: ProtoWriter, p: Placed): void {
  s.bytesField(1, p.traceId, "traceId");
  s.bytesField(2, p.spanId);
  if (p.parentId) s.bytesField(4, p.parentId);
  s.string(5, p.name);
  s.uint(6, p.kind);
  s.fixed64(7, p.at, "time");
  s.fixed64(8, p.end, "time");
  for (const [k, v] of p.attrs) attribute(s, 9, k, v);
  if (p.error) {
    if (p.kind === 2 && p.status !== undefined)
      s.message(11, (e) => {
        e.fixed64(1, p.end, "time");
        e.string(2, "exception");
        attribute(e, 3, "exception.type", p.service === "payments" ? "PaymentGatewayError" : "UpstreamError");
        attribute(e, 3, "exception.message", `${p.name} failed with ${p.status}`);
      });
    s.message(15, (st) => {
      st.string(2, p.kind === 3 ? "upstream answered 5xx" : "request failed");
      st.uint(3, 2);
    });
  }
}

function writeLog(l: ProtoWriter, p: Placed): void {
  const severity = p.error ? 17 : p.endNs - p.startNs > 300e6 ? 13 : 9;
  const text =
    p.kind === 2 ? `${p.name} answered ${p.status} in ${((p.endNs - p.startNs) / 1e6).toFixed(1)} ms` : p.name;
  const body = p.error ? `${text}: ${p.service === "payments" ? "card processor timed out" : "upstream error"}` : text;
  l.fixed64(1, p.end, "time");
  l.uint(2, severity);
  l.string(3, severity === 17 ? "ERROR" : severity === 13 ? "WARN" : "INFO");
  l.message(5, (any) => any.string(1, body));
  attribute(l, 6, "code.function", p.kind === 2 ? "handleRequest" : "query");
  if (p.route) attribute(l, 6, "http.route", p.route);
  l.bytesField(9, p.traceId, "traceId");
  l.bytesField(10, p.spanId);
  l.fixed64(11, p.end, "time");
}

const fixed64s = (xs: number[]) => {
  const out = new Uint8Array(xs.length * 8);
  const view = new DataView(out.buffer);
  for (const [i, x] of xs.entries()) view.setBigUint64(i * 8, BigInt(x), true);
  return out;
};
const doubles = (xs: number[]) => new Uint8Array(new Float64Array(xs).buffer);

interface Point {
  service: string;
  route: string;
  method: string;
  status: number;
  values: number[];
  slowest: Placed;
}

function writeHistogram(m: ProtoWriter, points: Point[], sliceNs: bigint): void {
  m.string(1, HISTOGRAM_METRIC);
  m.string(2, "Duration of HTTP server requests.");
  m.string(3, "s");
  m.message(9, (h) => {
    for (const p of points) {
      h.message(1, (dp) => {
        dp.fixed64(2, 0n, "time");
        dp.fixed64(3, sliceNs, "time");
        dp.fixed64(4, BigInt(p.values.length));
        dp.double(
          5,
          p.values.reduce((a, b) => a + b, 0),
        );
        const counts = Array.from({ length: BOUNDS.length + 1 }, () => 0);
        for (const v of p.values) {
          const b = BOUNDS.findIndex((x) => v <= x);
          counts[b === -1 ? BOUNDS.length : b]!++;
        }
        dp.bytesField(6, fixed64s(counts));
        dp.bytesField(7, doubles(BOUNDS));
        dp.message(8, (ex) => {
          ex.fixed64(2, p.slowest.end, "time");
          ex.double(3, (p.slowest.endNs - p.slowest.startNs) / 1e9);
          ex.bytesField(4, p.slowest.spanId);
          ex.bytesField(5, p.slowest.traceId, "traceId");
        });
        attribute(dp, 9, "http.request.method", p.method);
        attribute(dp, 9, "http.route", p.route);
        attribute(dp, 9, "http.response.status_code", p.status);
        dp.double(11, Math.min(...p.values));
        dp.double(12, Math.max(...p.values));
      });
    }
    h.uint(2, 1); // delta temporality: each point covers its own request's time slice
  });
}

export function uiTemplate(seed: number, traces: number, sliceNs: number): UiTemplate {
  const placed: Placed[] = [];
  const traceSizes: number[] = [];
  const rnd = random(seed * 31 + 5);
  for (let t = 0; t < traces; t++) {
    const spans = generateTrace(seed, t);
    traceSizes.push(spans.length);
    const traceId = traceIdBase(seed, t);
    const startNs = Math.floor(((t + rnd()) * sliceNs) / traces);
    const ids = spans.map((_, i) => bytes(8, 1_000_000_000 + seed * 4_000_000 + t * 32 + i));
    for (const [i, s] of spans.entries()) {
      placed.push({
        ...s,
        traceId,
        spanId: ids[i]!,
        parentId: s.parent >= 0 ? ids[s.parent] : undefined,
        at: BigInt(Math.round(startNs + s.startNs)),
        end: BigInt(Math.round(startNs + s.endNs)),
      });
    }
  }
  const spans = bySignal(placed, 2, writeSpan);
  const logged = placed.filter((p, i) => i % 2 === 0 || p.error);
  const logs = bySignal(logged, 2, writeLog);
  const points = new Map<string, Point>();
  for (const p of placed) {
    if (p.kind !== 2 || !p.route || p.status === undefined || !p.method) continue;
    const key = `${p.service} ${p.method} ${p.route} ${p.status}`;
    const value = (p.endNs - p.startNs) / 1e9;
    const point = points.get(key);
    if (!point)
      points.set(key, {
        service: p.service,
        route: p.route,
        method: p.method,
        status: p.status,
        values: [value],
        slowest: p,
      });
    else {
      point.values.push(value);
      if (value > (point.slowest.endNs - point.slowest.startNs) / 1e9) point.slowest = p;
    }
  }
  const perService = UI_SERVICES.map((service) => ({
    service,
    points: [...points.values()].filter((p) => p.service === service),
  })).filter((s) => s.points.length > 0);
  const metrics = bySignal(perService, 2, (m, s) => writeHistogram(m, s.points, BigInt(Math.round(sliceNs))));
  return {
    spans: { ...spans, items: placed.length },
    logs: { ...logs, items: logged.length },
    metrics: { ...metrics, items: points.size },
    traceSizes,
  };
}
