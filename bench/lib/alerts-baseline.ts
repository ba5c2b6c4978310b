// bench:alerts' naive baseline: each rule's query sent through the query API one at a time,
// as an evaluator reading one query per rule would (the api's own evaluator reads groups of
// rules at once instead). A metric rule is GET /api/v1/metrics/series over its window (one
// bucket, its aggregation, filters and group-by); a log rule is GET /api/v1/logs/histogram over
// its window with its service, minimum severity and text (that route has no group-by: a
// per-pod log rule counts its service's logs once). Only reads: no states, evidence or
// deliveries, so the baseline is below what such an evaluator would cost.

import { ProgressBar } from "@tracelight/progress-bar";
import type { RuleBody } from "./alerts-rules.ts";

/** The query API path (after /api/v1) reading `rule`'s value over the window ending at `at`. */
export function ruleQueryPath(rule: RuleBody, at: number): string {
  const q = rule.query as Record<string, unknown>;
  const window = String(q.window ?? "1m");
  const windowMs = Number.parseInt(window, 10) * (window.endsWith("m") ? 60_000 : 1000);
  const params = new URLSearchParams({ from: String(at - windowMs), to: String(at), step: window });
  if (rule.kind === "logs") {
    for (const key of ["service", "severity"] as const) if (q[key] !== undefined) params.set(key, String(q[key]));
    if (q.text !== undefined) params.set("q", String(q.text));
    return `/logs/histogram?${params}`;
  }
  params.set("metric", String(q.metric));
  params.set("agg", String(q.aggregation));
  const groupBy = (q.groupBy as string[] | undefined) ?? [];
  if (groupBy.length > 0) params.set("groupBy", groupBy.join(","));
  for (const [k, v] of Object.entries((q.filters as Record<string, string> | undefined) ?? {}))
    params.append("filter", `${k}=${v}`);
  return `/metrics/series?${params}`;
}

/**
 * Each rule's query in turn, every window ending at `at`; the time of each (ms, as the client
 * sees it: the route, the store query and loopback HTTP).
 */
export async function serialPass(
  get: (path: string) => Promise<unknown>,
  rules: RuleBody[],
  at: number,
  label: string,
): Promise<number[]> {
  const bar = new ProgressBar(label, rules.length);
  const times: number[] = [];
  for (const rule of rules) {
    const t0 = performance.now();
    await get(ruleQueryPath(rule, at));
    times.push(performance.now() - t0);
    bar.update(times.length);
  }
  bar.done();
  return times;
}
