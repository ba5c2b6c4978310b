// Generated OTLP traffic for benchmarks: traces of 10 spans across five services with ~10
// attributes per span (~590 B of protobuf per span), and one log line per span that shares
// the span's trace ID. Bodies are built once as templates and re-stamped per request.
import { type Mark, ProtoWriter } from "./protobuf-writer.ts";

export const SERVICES = ["frontend", "checkout", "payments", "inventory", "shipping"];
const ROUTES = ["/api/cart", "/api/checkout", "/api/pay", "/api/items/:id", "/api/ship", "/health"];
const WORDS = ["order", "payment", "cart", "user", "retry", "timeout", "cache", "stock", "invoice", "session"];
/** One rare word per 1,000 log lines, for "newest 100 matches of a word" searches. */
export const RARE_WORD = "zanzibar";

export const SPANS_PER_TRACE = 10;
/**
 * Span i's parent is span (i - 1) / 2 and its service SERVICES[i % 5], so these client spans
 * (kind 3; the rest are servers, kind 2) parent server spans of other services: 4 calls per trace
 * for the service map (checkout → inventory, checkout → shipping, payments → frontend, payments →
 * checkout). Span 9 is a client with no child, a call to something uninstrumented: no edge.
 */
const CLIENT_SPANS = new Set([1, 2, 9]);

export interface Template {
  body: Uint8Array;
  marks: Mark[];
  items: number;
}

/** An OTLP KeyValue (string, bool, int or double AnyValue) as field `field` of `w`. */
export function attribute(w: ProtoWriter, field: number, key: string, value: string | number | boolean): void {
  w.message(field, (kv) => {
    kv.string(1, key);
    kv.message(2, (any) => {
      if (typeof value === "string") any.string(1, value);
      else if (typeof value === "boolean") any.uint(2, value ? 1 : 0);
      else if (Number.isInteger(value)) any.uint(3, value);
      else any.double(4, value);
    });
  });
}

function resource(w: ProtoWriter, service: string): void {
  w.message(1, (r) => {
    attribute(r, 1, "service.name", service);
    attribute(r, 1, "service.version", "1.4.2");
    attribute(r, 1, "host.name", `host-${service}-1`);
    attribute(r, 1, "telemetry.sdk.language", "nodejs");
  });
}

/** `n` pseudo-random bytes determined by `seed` (mulberry32: exact 32-bit integer math). */
const bytes = (n: number, seed: number): Uint8Array => {
  const out = new Uint8Array(n);
  let a = seed | 0;
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    out[i] = (t ^ (t >>> 14)) & 0xff;
  }
  return out;
};

/** A traces request with `traces` traces of SPANS_PER_TRACE spans, grouped by service. */
export function traceTemplate(traces: number, seed: number): Template {
  const spansByService = new Map<string, ((w: ProtoWriter) => void)[]>();
  for (let t = 0; t < traces; t++) {
    const traceId = bytes(16, seed * 100_000 + t);
    const spanIds = Array.from({ length: SPANS_PER_TRACE }, (_, i) => bytes(8, seed * 1_000_000 + t * 100 + i));
    for (let i = 0; i < SPANS_PER_TRACE; i++) {
      const service = SERVICES[i % SERVICES.length]!;
      const route = ROUTES[(t + i) % ROUTES.length]!;
      const isError = (t * 7 + i) % 53 === 0;
      const durationNs = BigInt(200_000 + ((t * 7919 + i * 104_729) % 40_000_000));
      const startOffset = BigInt(i * 1_000_000);
      const build = (s: ProtoWriter) => {
        s.bytesField(1, traceId, "traceId");
        s.bytesField(2, spanIds[i]!);
        if (i > 0) s.bytesField(4, spanIds[Math.floor((i - 1) / 2)]!);
        s.string(5, i === 0 ? `GET ${route}` : `${service} ${WORDS[i % WORDS.length]}`);
        s.uint(6, CLIENT_SPANS.has(i) ? 3 : 2);
        s.fixed64(7, startOffset, "time");
        s.fixed64(8, startOffset + durationNs, "time");
        attribute(s, 9, "http.request.method", "GET");
        attribute(s, 9, "http.route", route);
        attribute(s, 9, "url.path", route.replace(":id", String(t % 1000)));
        attribute(s, 9, "http.response.status_code", isError ? 500 : 200);
        attribute(s, 9, "server.address", `${service}.internal`);
        attribute(s, 9, "server.port", 8080);
        attribute(s, 9, "user_agent.original", "Mozilla/5.0 (X11; Linux x86_64) bench");
        attribute(s, 9, "app.user.id", `user-${(t * 31 + i) % 5000}`);
        attribute(s, 9, "app.cart.items", (t + i) % 12);
        attribute(s, 9, "network.peer.address", `10.0.${i}.${t % 250}`);
        attribute(s, 9, "http.request.header.x-request-id", `req-${seed}-${t}-${i}-7f3a9c2e4b1d`);
        attribute(s, 9, "deployment.environment.name", "production");
        attribute(s, 9, "db.query.text", i % 4 === 3 ? "SELECT id, qty FROM stock WHERE sku = ?" : "");
        if (isError)
          s.message(15, (st) => {
            st.string(2, "upstream failed");
            st.uint(3, 2);
          });
      };
      const list = spansByService.get(service) ?? [];
      list.push(build);
      spansByService.set(service, list);
    }
  }
  const w = new ProtoWriter();
  for (const [service, spans] of spansByService) {
    w.message(1, (rs) => {
      resource(rs, service);
      rs.message(2, (ss) => {
        ss.message(1, (scope) => {
          scope.string(1, "@tracelight/bench");
          scope.string(2, "1.0.0");
        });
        for (const build of spans) ss.message(2, build);
      });
    });
  }
  return { body: w.finish(), marks: w.marks, items: traces * SPANS_PER_TRACE };
}

/** A logs request with one log line per span of `traces` traces, sharing their trace IDs. */
export function logTemplate(traces: number, seed: number): Template {
  const w = new ProtoWriter();
  const perService = new Map<string, ((w: ProtoWriter) => void)[]>();
  for (let t = 0; t < traces; t++) {
    const traceId = bytes(16, seed * 100_000 + t);
    for (let i = 0; i < SPANS_PER_TRACE; i++) {
      const service = SERVICES[i % SERVICES.length]!;
      const n = t * SPANS_PER_TRACE + i;
      const isError = (t * 7 + i) % 53 === 0;
      const word = n % 1000 === 0 ? RARE_WORD : WORDS[(n * 7) % WORDS.length]!;
      const build = (l: ProtoWriter) => {
        l.fixed64(1, BigInt(i * 1_000_000), "time");
        l.uint(2, isError ? 17 : 9);
        l.string(3, isError ? "ERROR" : "INFO");
        l.message(5, (any) =>
          any.string(1, `${service} handled ${word} request ${n % 977} in ${(n * 13) % 900} ms for user-${n % 5000}`),
        );
        attribute(l, 6, "code.function", `handle${WORDS[i % WORDS.length]}`);
        attribute(l, 6, "app.user.id", `user-${n % 5000}`);
        l.bytesField(9, traceId, "traceId");
        l.bytesField(10, bytes(8, seed * 1_000_000 + t * 100 + i));
        l.fixed64(11, BigInt(i * 1_000_000), "time");
      };
      const list = perService.get(service) ?? [];
      list.push(build);
      perService.set(service, list);
    }
  }
  for (const [service, logs] of perService) {
    w.message(1, (rl) => {
      resource(rl, service);
      rl.message(2, (sl) => {
        sl.message(1, (scope) => scope.string(1, "@tracelight/bench"));
        for (const build of logs) sl.message(2, build);
      });
    });
  }
  return { body: w.finish(), marks: w.marks, items: traces * SPANS_PER_TRACE };
}

/**
 * A copy of the template with every trace ID made unique to `sequence` and every timestamp
 * shifted to `baseNs`. Returns the new body and the trace IDs it carries (hex).
 */
export function stamp(template: Template, sequence: number, baseNs: bigint): Uint8Array {
  const body = Uint8Array.from(template.body);
  const view = new DataView(body.buffer);
  const hi = Math.floor(sequence / 0x1_0000_0000);
  const lo = sequence >>> 0;
  for (const mark of template.marks) {
    if (mark.kind === "traceId") {
      // The last 8 bytes name the request; the first 8 keep the trace's identity within it.
      view.setUint32(mark.at + 8, hi);
      view.setUint32(mark.at + 12, lo);
    } else {
      const offset = view.getBigUint64(mark.at, true);
      view.setBigUint64(mark.at, baseNs + offset, true);
    }
  }
  return body;
}

/** The hex trace ID of trace `t` in a body stamped from template `seed` with `sequence`. */
export function traceIdHex(seed: number, t: number, sequence: number): string {
  const id = bytes(16, seed * 100_000 + t);
  const view = new DataView(id.buffer);
  view.setUint32(8, Math.floor(sequence / 0x1_0000_0000));
  view.setUint32(12, sequence >>> 0);
  return Buffer.from(id).toString("hex");
}
