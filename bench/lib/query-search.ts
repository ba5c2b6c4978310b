// The search language against the filter parameters it joins (issue 14: "no slower"): the same
// lookup written both ways over HTTP, twin by twin. The two forms alternate sample by sample
// (which goes first alternates too), so load from outside the bench weighs on both alike, and
// each sample looks for another service, user or trace, so neither finds the other's cache.
import { RARE_WORD, SERVICES } from "./dataset.ts";
import { apiGet, type QueryApi, qs } from "./query-measure.ts";
import { fmt, type LatencySummary, summarize } from "./stats.ts";

type Params = Record<string, string>;

interface Twin {
  name: string;
  route: "/api/v1/logs" | "/api/v1/traces";
  filters: (i: number) => Params;
  query: (i: number) => Params;
}

export interface SearchPlan extends QueryApi {
  /** The data set's end, epoch ms: ranges are its last hours. */
  endMs: number;
  /** A different trace of the data set (with logs) for each i. */
  traceId: (i: number) => string;
  samples: number;
}

/** A q/filters p50 ratio above this is reported as slower: "no slower", with room for noise. */
const SLOWER = 1.2;
const HOUR = 3_600_000;

function twins(endMs: number, traceId: (i: number) => string): Twin[] {
  const day = { from: String(endMs - 24 * HOUR), to: String(endMs) };
  const service = (i: number) => SERVICES[i % SERVICES.length]!;
  const user = (i: number) => `user-${(i * 37) % 5000}`;
  const newest = (p: Params): Params => ({ ...day, limit: "100", ...p });
  return [
    {
      name: "logs: service",
      route: "/api/v1/logs",
      filters: (i) => newest({ service: service(i) }),
      query: (i) => newest({ q: `service:${service(i)}` }),
    },
    {
      name: "logs: severity",
      route: "/api/v1/logs",
      filters: () => newest({ severity: "ERROR" }),
      query: () => newest({ q: "severity>=error" }),
    },
    {
      name: "logs: attribute",
      route: "/api/v1/logs",
      filters: (i) => newest({ attr: `app.user.id=${user(i)}` }),
      query: (i) => newest({ q: `app.user.id:${user(i)}` }),
    },
    {
      // No range: both look in the trace's own window.
      name: "logs: trace ID",
      route: "/api/v1/logs",
      filters: (i) => ({ traceId: traceId(i), limit: "100" }),
      query: (i) => ({ q: traceId(i), limit: "100" }),
    },
    {
      name: "logs: word, service, severity",
      route: "/api/v1/logs",
      filters: (i) => newest({ q: RARE_WORD, service: service(i), severity: "ERROR" }),
      query: (i) => newest({ q: `${RARE_WORD} service:${service(i)} severity>=error` }),
    },
    {
      name: "traces: service",
      route: "/api/v1/traces",
      filters: (i) => newest({ service: service(i) }),
      query: (i) => newest({ q: `service:${service(i)}` }),
    },
    {
      // The data set's spans last 0.2 to 2 ms: 1 ms keeps part of them.
      name: "traces: service, duration",
      route: "/api/v1/traces",
      filters: (i) => newest({ service: service(i), minDurationMs: "1" }),
      query: (i) => newest({ q: `service:${service(i)} duration>=1ms` }),
    },
    {
      name: "traces: attribute",
      route: "/api/v1/traces",
      filters: (i) => newest({ attr: `app.user.id=${user(i)}` }),
      query: (i) => newest({ q: `app.user.id:${user(i)}` }),
    },
    {
      name: "traces: span name",
      route: "/api/v1/traces",
      filters: () => newest({ name: "GET /api/cart" }),
      query: () => newest({ q: 'name:"GET /api/cart"' }),
    },
    {
      name: "traces: status",
      route: "/api/v1/traces",
      filters: () => newest({ status: "Error" }),
      query: () => newest({ q: "status:error" }),
    },
  ];
}

/**
 * What both forms must find alike: the traces in order, or the logs' timestamps (many logs share
 * a timestamp, so which of them fill the last places of the 100 may differ between runs).
 */
function found(route: Twin["route"], text: string): string {
  const body = JSON.parse(text) as { logs?: { timestampUnixNano: string }[]; traces?: { traceId: string }[] };
  if (route === "/api/v1/traces") return (body.traces ?? []).map((t) => t.traceId).join();
  return (body.logs ?? [])
    .map((l) => l.timestampUnixNano)
    .sort()
    .join();
}

async function timed(plan: QueryApi, path: string): Promise<[number, string]> {
  const started = performance.now();
  const text = await apiGet(plan, path);
  return [performance.now() - started, text];
}

interface TwinResult {
  filters: LatencySummary;
  query: LatencySummary;
  /** Results of the filters' answer; -1 when the two forms found different rows. */
  results: number;
}

async function runTwin(plan: SearchPlan, t: Twin): Promise<TwinResult> {
  const pathOf = (p: Params) => `${t.route}?${qs(p)}`;
  for (let i = 0; i < 3; i++) {
    await apiGet(plan, pathOf(t.filters(plan.samples + i)));
    await apiGet(plan, pathOf(t.query(plan.samples + i)));
  }
  const filters: number[] = [];
  const query: number[] = [];
  let results = 0;
  for (let i = 0; i < plan.samples; i++) {
    let f: [number, string];
    let q: [number, string];
    if (i % 2 === 0) {
      f = await timed(plan, pathOf(t.filters(i)));
      q = await timed(plan, pathOf(t.query(i)));
    } else {
      q = await timed(plan, pathOf(t.query(i)));
      f = await timed(plan, pathOf(t.filters(i)));
    }
    const [fMs, fText] = f;
    const [qMs, qText] = q;
    filters.push(fMs);
    query.push(qMs);
    if (i === 0) {
      const same = found(t.route, fText) === found(t.route, qText);
      results = same ? found(t.route, fText).split(",").filter(Boolean).length : -1;
    }
  }
  return { filters: summarize(filters), query: summarize(query), results };
}

/** The parameters of a lookup as typed (the range and limit, common to both, left out). */
const written = (p: Params) =>
  Object.entries(p)
    .filter(([k]) => !["from", "to", "limit"].includes(k))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");

const cell = (s: LatencySummary) => `${fmt(s.p50, 1)} / ${fmt(s.p99, 1)}`;

/** Prints the twins' table; returns the names of the lookups the language made slower than SLOWER. */
export async function reportSearchLanguage(plan: SearchPlan): Promise<string[]> {
  console.log(
    `\nsearch language (q=) vs filter parameters over HTTP, p50 / p99 ms, ${plan.samples} samples each, interleaved; the newest 100 of the last 24 h (logs by trace ID: of the trace's window)`,
  );
  console.log("lookup | filters | q= | q/filters p50 | q/filters p99 | results");
  const slower: string[] = [];
  for (const t of twins(plan.endMs, plan.traceId)) {
    const r = await runTwin(plan, t);
    const p50 = r.query.p50 / r.filters.p50;
    const p99 = r.query.p99 / r.filters.p99;
    if (p50 > SLOWER) slower.push(t.name);
    const results = r.results < 0 ? "DIFFER" : String(r.results);
    console.log(
      `${t.name} (${written(t.filters(0))} vs q=${t.query(0).q}) | ${cell(r.filters)} | ${cell(r.query)} | ${fmt(p50, 2)}x${p50 > SLOWER ? " SLOWER" : ""} | ${fmt(p99, 2)}x | ${results}`,
    );
  }
  return slower;
}
