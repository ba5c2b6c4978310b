// Generated telemetry for `npm run bench:alerts`: 20 services × 6 pods scraped every 10 s. Per
// pod: the `http.server.request.duration` histogram and `http.server.requests` counter per
// route × status (delta; the histogram carries the slowest request as exemplar), CPU per core,
// memory and event-loop lag gauges, queue depth gauges and a processed-messages counter per
// queue, a DB-operation histogram; background logs; and, for the exemplars, a two-span trace
// and one log line each. Bodies are templates per (part of the pods, incident phase, variant),
// re-stamped per tick with load.ts's `stamp` (times, and the request number in trace IDs).
import { attribute, type Template } from "./dataset.ts";
import { ProtoWriter } from "./protobuf-writer.ts";

export const TICK_MS = 10_000;
export const SERVICES = [
  "frontend",
  "gateway",
  "checkout",
  "payments",
  "inventory",
  "catalog",
  "search",
  "cart",
  "orders",
  "shipping",
  "users",
  "auth",
  "notifications",
  "recommendations",
  "pricing",
  "reviews",
  "media",
  "ledger",
  "fraud",
  "email",
];
export const PODS_PER_SERVICE = 6;
export const CPUS = 8;
export const QUEUES = 5;
export const ROUTES = ["/", "/items", "/items/:id", "/search", "/cart", "/orders/:id", "/health", "/admin/stats"];
export const STATUSES = [200, 500];
export const DB_OPS = ["SELECT", "INSERT", "UPDATE", "DELETE"];
export const PARTS = 8;
export const VARIANTS = 4;
/** Series each pod sends per tick. */
export const SERIES_PER_POD = ROUTES.length * STATUSES.length * 2 + CPUS + 2 + QUEUES * 2 + DB_OPS.length;
export const SERIES = SERIES_PER_POD * SERVICES.length * PODS_PER_SERVICE;

export const HTTP_METRIC = "http.server.request.duration";
export const REQUESTS_METRIC = "http.server.requests";
export const CPU_METRIC = "system.cpu.utilization";
export const MEMORY_METRIC = "process.memory.usage";
export const LAG_METRIC = "nodejs.eventloop.delay.p99";
export const QUEUE_METRIC = "messaging.queue.depth";
export const PROCESSED_METRIC = "messaging.messages.processed";
export const DB_METRIC = "db.client.operation.duration";

/**
 * Phase 0: normal. Phase 1 (the last 15 min): checkout and payments slow on half their routes
 * with 5xx, the orders queues back up. Phase 2 (the last 3 min, on top): search pods' CPU
 * pinned, inventory timing out with ERROR logs.
 */
export const PHASE_TICKS = [Number.POSITIVE_INFINITY, 90, 18];
const SLOW = new Set(["checkout", "payments"]);
const BACKLOG = "orders";
const HOT_CPU = "search";
const TIMEOUTS = "inventory";

const BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** mulberry32: exact 32-bit integer math, the same numbers on every machine. */
export function random(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function bytes(n: number, rnd: () => number): Uint8Array {
  return Uint8Array.from({ length: n }, () => Math.floor(rnd() * 256));
}

export interface Pod {
  service: string;
  instance: string;
  index: number;
}

export const PODS: Pod[] = SERVICES.flatMap((service, s) =>
  Array.from({ length: PODS_PER_SERVICE }, (_, i) => ({
    service,
    instance: `${service}-${(0x5f3a + s * 97).toString(36)}-${i}`,
    index: s * PODS_PER_SERVICE + i,
  })),
);
export const podsOfPart = (part: number) => PODS.filter((p) => p.index % PARTS === part);
export const queueName = (service: string, q: number) => `${service}.q${q}`;

export interface AlertsTemplate {
  metrics: Template;
  traces: Template;
  logs: Template;
}

interface Exemplar {
  pod: Pod;
  route: string;
  status: number;
  /** Offsets from the tick's start, ns. */
  at: bigint;
  durationNs: bigint;
  traceId: Uint8Array;
  spanId: Uint8Array;
  childId: Uint8Array;
}

function resource(w: ProtoWriter, pod: Pod): void {
  w.message(1, (r) => {
    attribute(r, 1, "service.name", pod.service);
    attribute(r, 1, "service.instance.id", pod.instance);
    attribute(r, 1, "service.namespace", "shop");
    attribute(r, 1, "host.name", `node-${pod.index % 12}`);
    attribute(r, 1, "k8s.pod.name", pod.instance);
    attribute(r, 1, "deployment.environment.name", "production");
  });
}

function scope(w: ProtoWriter): void {
  w.message(1, (s) => {
    s.string(1, "@tracelight/bench-alerts");
    s.string(2, "1.0.0");
  });
}

const fixed64s = (xs: number[]) => {
  const out = new Uint8Array(xs.length * 8);
  const view = new DataView(out.buffer);
  for (const [i, x] of xs.entries()) view.setBigUint64(i * 8, BigInt(x), true);
  return out;
};
const doubles = (xs: number[]) => new Uint8Array(new Float64Array(xs).buffer);
const TICK_NS = BigInt(TICK_MS) * 1_000_000n;

/** A number data point at the end of the tick (delta: covering the tick). */
function numberPoint(w: ProtoWriter, attrs: [string, string | number][], value: number): void {
  w.message(1, (dp) => {
    for (const [k, v] of attrs) attribute(dp, 7, k, v);
    dp.fixed64(2, 0n, "time");
    dp.fixed64(3, TICK_NS, "time");
    dp.double(4, value);
  });
}

function histogramPoint(
  w: ProtoWriter,
  attrs: [string, string | number][],
  values: number[],
  exemplar: Exemplar | undefined,
): void {
  w.message(1, (dp) => {
    for (const [k, v] of attrs) attribute(dp, 9, k, v);
    dp.fixed64(2, 0n, "time");
    dp.fixed64(3, TICK_NS, "time");
    dp.fixed64(4, BigInt(values.length));
    dp.double(
      5,
      values.reduce((a, b) => a + b, 0),
    );
    const counts = Array.from({ length: BOUNDS.length + 1 }, () => 0);
    for (const v of values) {
      const b = BOUNDS.findIndex((x) => v <= x);
      counts[b === -1 ? BOUNDS.length : b]!++;
    }
    dp.bytesField(6, fixed64s(counts));
    dp.bytesField(7, doubles(BOUNDS));
    if (exemplar)
      dp.message(8, (ex) => {
        ex.fixed64(2, exemplar.at + exemplar.durationNs, "time");
        ex.double(3, Number(exemplar.durationNs) / 1e9);
        ex.bytesField(4, exemplar.spanId);
        ex.bytesField(5, exemplar.traceId, "traceId");
      });
    if (values.length > 0) {
      dp.double(11, Math.min(...values));
      dp.double(12, Math.max(...values));
    }
  });
}

/** `n` request latencies (s): log-normal around `median`. */
function latencies(rnd: () => number, n: number, median: number): number[] {
  return Array.from({ length: n }, () => {
    const z = Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
    return median * Math.exp(0.6 * z);
  });
}

const poisson = (rnd: () => number, mean: number) => {
  let n = 0;
  for (let p = Math.exp(-mean), s = rnd(); s > p; s *= rnd()) n++;
  return n;
};

export function alertsTemplate(part: number, phase: number, variant: number): AlertsTemplate {
  const rnd = random(1000 + part * 100 + phase * 10 + variant);
  const exemplars: Exemplar[] = [];
  const mw = new ProtoWriter();
  let points = 0;
  for (const pod of podsOfPart(part)) {
    const slow = phase >= 1 && SLOW.has(pod.service);
    mw.message(1, (rm) => {
      resource(rm, pod);
      rm.message(2, (sm) => {
        scope(sm);
        const http: { route: string; status: number; values: number[] }[] = [];
        for (const [r, route] of ROUTES.entries()) {
          const median = 0.02 + 0.015 * r;
          const slowRoute = slow && r % 2 === 0;
          for (const status of STATUSES) {
            const n =
              status === 200
                ? 20 + Math.floor(rnd() * 60) + (route === "/health" ? 30 : 0)
                : poisson(rnd, slowRoute ? 12 : 0.3);
            http.push({ route, status, values: latencies(rnd, n, slowRoute ? median * 25 : median) });
          }
        }
        sm.message(2, (m) => {
          m.string(1, HTTP_METRIC);
          m.string(3, "s");
          m.message(9, (h) => {
            for (const p of http) {
              let exemplar: Exemplar | undefined;
              if (p.values.length > 0) {
                const slowest = Math.max(...p.values);
                const durationNs = BigInt(Math.round(slowest * 1e9));
                const at = BigInt(Math.floor(rnd() * Math.max(1, TICK_MS * 1e6 - Number(durationNs))));
                exemplar = {
                  pod,
                  route: p.route,
                  status: p.status,
                  at,
                  durationNs,
                  traceId: bytes(16, rnd),
                  spanId: bytes(8, rnd),
                  childId: bytes(8, rnd),
                };
                exemplars.push(exemplar);
              }
              histogramPoint(
                h,
                [
                  ["http.request.method", p.route === "/cart" ? "POST" : "GET"],
                  ["http.route", p.route],
                  ["http.response.status_code", p.status],
                ],
                p.values,
                exemplar,
              );
              points++;
            }
            h.uint(2, 1);
          });
        });
        sm.message(2, (m) => {
          m.string(1, REQUESTS_METRIC);
          m.string(3, "{request}");
          m.message(7, (s) => {
            for (const p of http) {
              numberPoint(
                s,
                [
                  ["http.route", p.route],
                  ["http.response.status_code", p.status],
                ],
                p.values.length,
              );
              points++;
            }
            s.uint(2, 1);
            s.uint(3, 1);
          });
        });
        sm.message(2, (m) => {
          m.string(1, CPU_METRIC);
          m.string(3, "1");
          m.message(5, (g) => {
            for (let c = 0; c < CPUS; c++) {
              const hot = phase >= 2 && pod.service === HOT_CPU;
              numberPoint(g, [["cpu", String(c)]], hot ? 0.95 + rnd() * 0.05 : 0.15 + rnd() * 0.4);
              points++;
            }
          });
        });
        sm.message(2, (m) => {
          m.string(1, MEMORY_METRIC);
          m.string(3, "By");
          m.message(5, (g) => {
            numberPoint(g, [], 400e6 + rnd() * 300e6 + pod.index * 1e6);
            points++;
          });
        });
        sm.message(2, (m) => {
          m.string(1, LAG_METRIC);
          m.string(3, "s");
          m.message(5, (g) => {
            numberPoint(g, [], 0.005 + rnd() * 0.02 + (phase >= 2 && pod.service === HOT_CPU ? 0.4 : 0));
            points++;
          });
        });
        const backlog = phase >= 1 && pod.service === BACKLOG;
        sm.message(2, (m) => {
          m.string(1, QUEUE_METRIC);
          m.string(3, "{message}");
          m.message(5, (g) => {
            for (let q = 0; q < QUEUES; q++) {
              const depth = backlog && q < 2 ? 2000 + rnd() * 3000 : rnd() * 80;
              numberPoint(g, [["messaging.destination.name", queueName(pod.service, q)]], Math.round(depth));
              points++;
            }
          });
        });
        sm.message(2, (m) => {
          m.string(1, PROCESSED_METRIC);
          m.string(3, "{message}");
          m.message(7, (s) => {
            for (let q = 0; q < QUEUES; q++) {
              const n = backlog && q < 2 ? Math.floor(rnd() * 3) : 50 + Math.floor(rnd() * 100);
              numberPoint(s, [["messaging.destination.name", queueName(pod.service, q)]], n);
              points++;
            }
            s.uint(2, 1);
            s.uint(3, 1);
          });
        });
        sm.message(2, (m) => {
          m.string(1, DB_METRIC);
          m.string(3, "s");
          m.message(9, (h) => {
            for (const [i, op] of DB_OPS.entries()) {
              const n = 10 + Math.floor(rnd() * 40);
              histogramPoint(
                h,
                [
                  ["db.system.name", "postgresql"],
                  ["db.operation.name", op],
                ],
                latencies(rnd, n, (0.002 + 0.003 * i) * (slow ? 6 : 1)),
                undefined,
              );
              points++;
            }
            h.uint(2, 1);
          });
        });
      });
    });
  }

  // The exemplars' traces: the pod's server span and a database client span under it.
  const tw = new ProtoWriter();
  const lw = new ProtoWriter();
  let spans = 0;
  let logs = 0;
  const byPod = new Map<Pod, Exemplar[]>();
  for (const e of exemplars) byPod.set(e.pod, [...(byPod.get(e.pod) ?? []), e]);
  for (const pod of podsOfPart(part)) {
    const mine = byPod.get(pod) ?? [];
    tw.message(1, (rs) => {
      resource(rs, pod);
      rs.message(2, (ss) => {
        scope(ss);
        for (const e of mine) {
          const method = e.route === "/cart" ? "POST" : "GET";
          ss.message(2, (s) => {
            s.bytesField(1, e.traceId, "traceId");
            s.bytesField(2, e.spanId);
            s.string(5, `${method} ${e.route}`);
            s.uint(6, 2);
            s.fixed64(7, e.at, "time");
            s.fixed64(8, e.at + e.durationNs, "time");
            attribute(s, 9, "http.request.method", method);
            attribute(s, 9, "http.route", e.route);
            attribute(s, 9, "http.response.status_code", e.status);
            if (e.status >= 500)
              s.message(15, (st) => {
                st.string(2, "request failed");
                st.uint(3, 2);
              });
          });
          ss.message(2, (s) => {
            s.bytesField(1, e.traceId, "traceId");
            s.bytesField(2, e.childId);
            s.bytesField(4, e.spanId);
            s.string(5, "SELECT shop");
            s.uint(6, 3);
            s.fixed64(7, e.at + e.durationNs / 10n, "time");
            s.fixed64(8, e.at + e.durationNs / 2n, "time");
            attribute(s, 9, "db.system.name", "postgresql");
            attribute(s, 9, "db.operation.name", "SELECT");
          });
          spans += 2;
        }
      });
    });
  }
  for (const pod of podsOfPart(part)) {
    const timeouts = phase >= 2 && pod.service === TIMEOUTS;
    const mine = byPod.get(pod) ?? [];
    lw.message(1, (rl) => {
      resource(rl, pod);
      rl.message(2, (sl) => {
        scope(sl);
        const line = (at: bigint, severity: number, text: string, e?: Exemplar) => {
          sl.message(2, (l) => {
            l.fixed64(1, at, "time");
            l.uint(2, severity);
            l.string(3, severity >= 17 ? "ERROR" : severity >= 13 ? "WARN" : "INFO");
            l.message(5, (any) => any.string(1, text));
            attribute(l, 6, "code.function", "handleRequest");
            if (e) {
              attribute(l, 6, "http.route", e.route);
              l.bytesField(9, e.traceId, "traceId");
              l.bytesField(10, e.spanId);
            }
            l.fixed64(11, at, "time");
          });
          logs++;
        };
        const at = () => BigInt(Math.floor(rnd() * TICK_MS * 1e6));
        line(at(), 9, `health check ok on ${pod.instance}`);
        line(at(), 9, `cache refreshed: ${Math.floor(rnd() * 500)} entries`);
        if (rnd() < 0.3) line(at(), 13, `slow downstream call to ${SERVICES[Math.floor(rnd() * SERVICES.length)]}`);
        if (rnd() < 0.05) line(at(), 17, "unexpected error: connection reset by peer");
        if (timeouts) for (let i = 0; i < 4; i++) line(at(), 17, "upstream timeout: stock service did not answer");
        for (const e of mine) {
          const ms = (Number(e.durationNs) / 1e6).toFixed(1);
          const method = e.route === "/cart" ? "POST" : "GET";
          if (e.status >= 500)
            line(e.at + e.durationNs, 17, `${method} ${e.route} failed after ${ms} ms: card processor timed out`, e);
          else line(e.at + e.durationNs, 9, `${method} ${e.route} answered ${e.status} in ${ms} ms`, e);
        }
      });
    });
  }
  return {
    metrics: { body: mw.finish(), marks: mw.marks, items: points },
    traces: { body: tw.finish(), marks: tw.marks, items: spans },
    logs: { body: lw.finish(), marks: lw.marks, items: logs },
  };
}

/** The incident phase of tick `tick` of `ticks`. */
export function phaseOf(tick: number, ticks: number): number {
  const fromEnd = ticks - 1 - tick;
  return fromEnd < PHASE_TICKS[2]! ? 2 : fromEnd < PHASE_TICKS[1]! ? 1 : 0;
}
