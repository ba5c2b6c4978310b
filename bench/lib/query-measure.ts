// What the parts of bench:query share: timing a lookup over many samples, and one GET of the
// query API with the bench's credentials.
import { fmt, type LatencySummary, summarize } from "./stats.ts";

/** The api as bench:query calls it: its origin and the credentials every request carries. */
export interface QueryApi {
  api: string;
  headers: Record<string, string>;
}

/** `run(i)` for i in [0, samples) after `warmUp` runs (first touch of marks and parts). */
export async function measure(
  run: (i: number) => Promise<unknown>,
  samples: number,
  warmUp = 5,
): Promise<LatencySummary> {
  for (let i = 0; i < warmUp; i++) await run(samples + i);
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await run(i);
    times.push(performance.now() - started);
  }
  return summarize(times);
}

/** The answer's text; a status other than 2xx throws with the body, so a refused query is not timed as fast. */
export async function apiGet({ api, headers }: QueryApi, path: string): Promise<string> {
  const res = await fetch(`${api}${path}`, { headers });
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${text.slice(0, 300)}`);
  return text;
}

export const line = (s: LatencySummary) => `p50 ${fmt(s.p50, 1)} ms, p90 ${fmt(s.p90, 1)} ms, p99 ${fmt(s.p99, 1)} ms`;

export const qs = (params: Record<string, string>) => new URLSearchParams(params).toString();
