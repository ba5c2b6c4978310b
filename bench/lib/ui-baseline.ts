// The baseline `npm run bench:ui` sets each view against: the query API's own latency for the
// requests the view completed before its data rendered, fetched from Node straight from the api (no
// browser, no Next.js), all of a view's requests at once as the page sends them. What the view
// takes beyond this is the browser's and Next.js's share (JS boot, proxy hop, render).
import { summarize } from "./stats.ts";

export interface ApiBaseline {
  /** Wall time of the view's requests sent together, p50 over the rounds. */
  p50: number;
  /** Requests per round. */
  requests: number;
  /** The slowest request's path (without query), by p50. */
  slowest: string;
  failures: string[];
}

async function timed(url: string, headers: Record<string, string>): Promise<number> {
  const started = performance.now();
  const res = await fetch(url, { headers });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${res.status} ${url}`);
  return performance.now() - started;
}

/**
 * `rounds`: per round, the api paths (/api/v1/...) one page load sent; `headers`: the page's
 * credentials (its session cookie), so that both sides pay the same sign-in check.
 */
export async function apiBaseline(
  apiUrl: string,
  rounds: string[][],
  headers: Record<string, string>,
): Promise<ApiBaseline> {
  const walls: number[] = [];
  const perPath = new Map<string, number[]>();
  const failures: string[] = [];
  for (const paths of rounds) {
    if (paths.length === 0) continue;
    const started = performance.now();
    const results = await Promise.allSettled(paths.map((p) => timed(`${apiUrl}${p}`, headers)));
    walls.push(performance.now() - started);
    results.forEach((r, i) => {
      const path = new URL(paths[i]!, apiUrl).pathname;
      if (r.status === "fulfilled") perPath.set(path, [...(perPath.get(path) ?? []), r.value]);
      else if (failures.length < 3) failures.push(String(r.reason));
    });
  }
  let slowest = "";
  let slowestP50 = -1;
  for (const [path, times] of perPath) {
    const p50 = summarize(times).p50;
    if (p50 > slowestP50) [slowest, slowestP50] = [`${path} ${Math.round(p50)} ms`, p50];
  }
  const counts = rounds.map((r) => r.length).filter((n) => n > 0);
  return {
    p50: summarize(walls).p50,
    requests: counts.length ? Math.max(...counts) : 0,
    slowest,
    failures,
  };
}
