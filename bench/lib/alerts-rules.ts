// The rules `npm run bench:alerts` creates through POST /api/v1/alert-rules: per service, a mix
// an on-call team would write (histogram percentiles, some per route; counter rates; gauge
// avg/max per pod or queue; log counts), with for-durations and N-of-M, critical ones routed
// to a webhook. Ordered so any prefix (BENCH_ALERTS_RULES=100) is a similar mix.
import {
  CPU_METRIC,
  DB_METRIC,
  DB_OPS,
  HTTP_METRIC,
  LAG_METRIC,
  MEMORY_METRIC,
  PROCESSED_METRIC,
  QUEUE_METRIC,
  QUEUES,
  queueName,
  REQUESTS_METRIC,
  ROUTES,
  random,
  SERVICES,
} from "./alerts-dataset.ts";

/** A rule body as a person would POST it; `channel` is replaced by a channel ID. */
export type RuleBody = Record<string, unknown> & { channel?: boolean };

type Make = (service: string, n: number) => RuleBody;

const metric = (
  service: string | undefined,
  m: string,
  aggregation: string,
  extra: { filters?: Record<string, string>; groupBy?: string[]; window?: string } = {},
) => ({
  metric: m,
  aggregation,
  filters: { ...(service ? { "service.name": service } : {}), ...extra.filters },
  groupBy: extra.groupBy ?? [],
  window: extra.window ?? "1m",
});

const KINDS: Make[] = [
  (s) => ({
    name: `${s} p99 latency`,
    query: metric(s, HTTP_METRIC, "p99"),
    condition: { op: ">", threshold: 1.5, for: "2m" },
    severity: "critical",
    channel: true,
  }),
  (s) => ({
    name: `${s} p95 latency by route`,
    query: metric(s, HTTP_METRIC, "p95", { groupBy: ["http.route"], window: "5m" }),
    condition: { op: ">", threshold: 1 },
  }),
  (s) => ({
    name: `${s} p90 latency of 2xx by route`,
    query: metric(s, HTTP_METRIC, "p90", { groupBy: ["http.route"], filters: { "http.response.status_code": "200" } }),
    condition: { op: ">", threshold: 0.8, nOfM: { n: 3, m: 5 } },
  }),
  (s) => ({
    name: `${s} median latency`,
    query: metric(s, HTTP_METRIC, "p50", { window: "5m" }),
    condition: { op: ">", threshold: 0.4, for: "1m" },
  }),
  (s) => ({
    name: `${s} mean latency`,
    query: metric(s, HTTP_METRIC, "avg"),
    condition: { op: ">", threshold: 0.6 },
  }),
  (s) => ({
    name: `${s} traffic drop`,
    query: metric(s, HTTP_METRIC, "rate", { window: "5m" }),
    condition: { op: "<", threshold: 1, for: "5m" },
    severity: "critical",
    channel: true,
  }),
  (s) => ({
    name: `${s} requests by status`,
    query: metric(s, HTTP_METRIC, "count", { groupBy: ["http.response.status_code"] }),
    condition: { op: ">", threshold: 50_000 },
    severity: "info",
  }),
  (s, n) => {
    const route = ROUTES[n % ROUTES.length]!;
    return {
      name: `${s} p99 ${route}`,
      query: metric(s, HTTP_METRIC, "p99", { filters: { "http.route": route } }),
      condition: { op: ">", threshold: 2, for: "1m" },
    };
  },
  (s) => ({
    name: `${s} 5xx rate`,
    query: metric(s, REQUESTS_METRIC, "rate", { filters: { "http.response.status_code": "500" } }),
    condition: { op: ">", threshold: 1, for: "1m" },
    severity: "critical",
    channel: true,
  }),
  (s) => ({
    name: `${s} request rate by route`,
    query: metric(s, REQUESTS_METRIC, "rate", { groupBy: ["http.route"], window: "5m" }),
    condition: { op: ">", threshold: 200 },
    severity: "info",
  }),
  (s) => ({
    name: `${s} 5xx per pod`,
    query: metric(s, REQUESTS_METRIC, "increase", {
      filters: { "http.response.status_code": "500" },
      groupBy: ["service.instance.id"],
      window: "5m",
    }),
    condition: { op: ">", threshold: 100, nOfM: { n: 2, m: 3 } },
  }),
  (s) => ({
    name: `${s} CPU per pod`,
    query: metric(s, CPU_METRIC, "avg", { groupBy: ["service.instance.id"] }),
    condition: { op: ">", threshold: 0.9, for: "1m" },
    severity: "critical",
    channel: true,
  }),
  (s) => ({
    name: `${s} hottest core`,
    query: metric(s, CPU_METRIC, "max"),
    condition: { op: ">", threshold: 0.98, nOfM: { n: 2, m: 3 } },
  }),
  (s) => ({
    name: `${s} memory`,
    query: metric(s, MEMORY_METRIC, "max", { window: "5m" }),
    condition: { op: ">", threshold: 1.5e9 },
  }),
  (s) => ({
    name: `${s} event loop lag`,
    query: metric(s, LAG_METRIC, "avg"),
    condition: { op: ">", threshold: 0.2, for: "1m" },
  }),
  (s, n) => {
    const queue = queueName(s, n % QUEUES);
    return {
      name: `${s} backlog ${queue}`,
      query: metric(s, QUEUE_METRIC, "max", { filters: { "messaging.destination.name": queue } }),
      condition: { op: ">", threshold: 1000, for: "1m" },
      channel: n % QUEUES === 0,
    };
  },
  (s) => ({
    name: `${s} backlog by queue`,
    query: metric(s, QUEUE_METRIC, "avg", { groupBy: ["messaging.destination.name"], window: "5m" }),
    condition: { op: ">", threshold: 500 },
  }),
  (s) => ({
    name: `${s} consumers stalled`,
    query: metric(s, PROCESSED_METRIC, "rate", { groupBy: ["messaging.destination.name"], window: "5m" }),
    condition: { op: "<", threshold: 1, for: "2m" },
  }),
  (s) => ({
    name: `${s} DB p99 by operation`,
    query: metric(s, DB_METRIC, "p99", { groupBy: ["db.operation.name"], window: "5m" }),
    condition: { op: ">", threshold: 0.25 },
  }),
  (s, n) => {
    const op = DB_OPS[n % DB_OPS.length]!;
    return {
      name: `${s} DB p95 ${op}`,
      query: metric(s, DB_METRIC, "p95", { filters: { "db.operation.name": op } }),
      condition: { op: ">", threshold: 0.2, for: "2m" },
    };
  },
  (s) => ({
    name: `${s} error logs`,
    kind: "logs",
    query: { service: s, severity: "ERROR", window: "5m" },
    condition: { op: ">", threshold: 50, for: "1m" },
    severity: "critical",
    channel: true,
  }),
  (s) => ({
    name: `${s} warnings per pod`,
    kind: "logs",
    query: { service: s, severity: "WARN", groupBy: ["service.instance.id"], window: "1m" },
    condition: { op: ">", threshold: 20 },
    severity: "info",
  }),
  (s) => ({
    name: `${s} timeouts`,
    kind: "logs",
    query: { service: s, severity: "ERROR", text: "timeout", window: "5m" },
    condition: { op: ">", threshold: 10, nOfM: { n: 2, m: 4 } },
  }),
  (s) => ({
    name: `${s} queue depth total`,
    query: metric(s, QUEUE_METRIC, "sum"),
    condition: { op: ">", threshold: 20_000 },
  }),
];

/** Rules over every service at once: wide queries that group by service. */
const GLOBAL: Make[] = [
  () => ({
    name: "p99 latency by service",
    query: metric(undefined, HTTP_METRIC, "p99", { groupBy: ["service.name"], window: "5m" }),
    condition: { op: ">", threshold: 2, for: "2m" },
    severity: "critical",
    channel: true,
  }),
  () => ({
    name: "5xx rate by service",
    query: metric(undefined, REQUESTS_METRIC, "rate", {
      groupBy: ["service.name"],
      filters: { "http.response.status_code": "500" },
    }),
    condition: { op: ">", threshold: 2 },
  }),
  () => ({
    name: "CPU by service",
    query: metric(undefined, CPU_METRIC, "avg", { groupBy: ["service.name"] }),
    condition: { op: ">", threshold: 0.85, for: "1m" },
  }),
  () => ({
    name: "error logs by service",
    kind: "logs",
    query: { severity: "ERROR", groupBy: ["service.name"], window: "5m" },
    condition: { op: ">", threshold: 100 },
  }),
];

/** `count` rules: every kind for every service (thresholds varied on repeats), in a shuffled order. */
export function alertRules(count: number): RuleBody[] {
  const all: RuleBody[] = [];
  for (let round = 0; all.length < count; round++) {
    const batch: RuleBody[] = [];
    for (const make of GLOBAL) batch.push(make("", round));
    for (const service of SERVICES) for (const make of KINDS) batch.push(make(service, round));
    const rnd = random(42 + round);
    for (let i = batch.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [batch[i], batch[j]] = [batch[j]!, batch[i]!];
    }
    for (const rule of batch) {
      if (round > 0) {
        // A second copy of a rule (another team's, a stricter severity): same query, other threshold.
        const condition = rule.condition as { threshold: number };
        rule.condition = { ...condition, threshold: condition.threshold * (1 + 0.2 * round) };
        rule.name = `${rule.name} (${round + 1})`;
      }
      all.push(rule);
    }
  }
  return all.slice(0, count);
}
