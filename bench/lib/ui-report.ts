// Printing for `npm run bench:ui`: per view the first-data-render figures against the goal,
// where the time went (page boot, API through the browser, render after the data arrived),
// the API's own latency for the same requests, and the page's JavaScript size.
import { fmt, type LatencySummary, summarize } from "./stats.ts";
import type { ApiBaseline } from "./ui-baseline.ts";
import type { ApiCall } from "./ui-browser.ts";
import type { BundleSize } from "./ui-bundle.ts";

export const GOAL_RENDER_MS = 1000;
export const GOAL_CLICK_MS = 500;
export const GOAL_BUNDLE_KB = 400;

export interface ViewResult {
  name: string;
  path: string;
  element: string;
  /** Round 1, in a fresh browser context (empty HTTP cache). */
  cold?: number;
  /** Rounds 2..N, each a fresh page in that context. */
  warm: number[];
  problems: string[];
  /** API calls per warm round (browser timing, ms from navigation start). */
  calls: ApiCall[][];
  /** The same requests replayed from the page once idle (last rounds), wall ms. */
  idle: number[];
  /** CPU ms per part of the stack during each warm round's load (ui-cpu.ts). */
  cpu: Record<string, number>[];
  /** The page's own JavaScript (prefetches of linked routes refused). */
  bundle?: BundleSize;
  /** All JavaScript the cold load fetched, prefetched routes included. */
  withPrefetch?: BundleSize;
  baseline?: ApiBaseline;
  /** The same requests from Node through the Next.js server's /api/v1 proxy. */
  proxied?: ApiBaseline;
}

const ms = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? "-" : fmt(n, 0));
const pad = (s: string, n: number) => (s.length >= n ? s : s + " ".repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : " ".repeat(n - s.length) + s);

/** Where a round's time went: until the first API request, the API wait, and rendering after it. */
function split(calls: ApiCall[][], warm: number[]): { boot: number; api: number; render: number } {
  const boot: number[] = [];
  const api: number[] = [];
  const render: number[] = [];
  calls.forEach((c, i) => {
    if (c.length === 0 || warm[i] === undefined) return;
    const first = Math.min(...c.map((x) => x.startMs));
    const last = Math.max(...c.map((x) => x.endMs));
    boot.push(first);
    api.push(last - first);
    render.push(warm[i]! - last);
  });
  const p50 = (xs: number[]) => summarize(xs).p50;
  return { boot: p50(boot), api: p50(api), render: p50(render) };
}

export function verdict(s: LatencySummary | undefined, goal: number): string {
  if (!s || s.n === 0) return "MISSED (no data)";
  return s.p90 <= goal ? "MET" : "MISSED";
}

export function printViews(views: ViewResult[], rounds: number): void {
  console.log(`\nfirst data render: navigation start -> the view's data element in the DOM, ms`);
  console.log(`(cold = round 1 in a fresh browser context; p50/p90/max over rounds 2..${rounds}, each a fresh page;`);
  console.log(` verdict on warm p90 against the goal <= ${fmt(GOAL_RENDER_MS, 0)} ms)`);
  const head = [pad("view", 44), lpad("cold", 6), lpad("p50", 6), lpad("p90", 6), lpad("max", 6), "  verdict  "];
  console.log(
    `${head.join(" ")} | ${lpad("boot", 5)} ${lpad("api", 5)} ${lpad("rendr", 5)} | same requests p50: idle page / next / api (n)`,
  );
  for (const v of views) {
    const s = v.warm.length ? summarize(v.warm) : undefined;
    const parts = split(v.calls, v.warm);
    const b = v.baseline;
    const idle = v.idle.length ? summarize(v.idle).p50 : undefined;
    const direct = b
      ? `${ms(idle)} / ${ms(v.proxied?.p50)} / ${ms(b.p50)} ms (${b.requests}); slowest ${b.slowest}`
      : "-";
    console.log(
      `${[pad(v.path, 44), lpad(ms(v.cold), 6), lpad(ms(s?.p50), 6), lpad(ms(s?.p90), 6), lpad(ms(s?.max), 6), `  ${pad(verdict(s, GOAL_RENDER_MS), 9)}`].join(" ")}` +
        ` | ${lpad(ms(parts.boot), 5)} ${lpad(ms(parts.api), 5)} ${lpad(ms(parts.render), 5)} | ${direct}`,
    );
    for (const p of [...new Set(v.problems)].slice(0, 3)) console.log(`    ! ${v.name}: ${p}`);
    for (const f of b?.failures ?? []) console.log(`    ! api replay: ${f}`);
  }
  console.log(
    "  boot = navigation start -> first API request (HTML, JS download and hydration); api = first request sent -> last\n" +
      "  response in, through the Next.js proxy; rendr = last response -> data element (requests completed by then).\n" +
      "  The same requests (those completed before the data render), sent together: idle page = from the page once the\n" +
      "  load is over (last 3 rounds; browser -> Next.js -> api); next = from Node through the Next.js /api/v1 proxy;\n" +
      "  api = from Node straight to the api (no browser, no Next.js). api minus idle page = what the page load itself\n" +
      "  (JS, hydration, Next.js rendering, all on the same 2 cores) adds to the requests.",
  );
}

export function printCpu(views: ViewResult[]): void {
  const groups = ["chromium renderer", "chromium gpu", "chromium other", "next.js", "api"];
  console.log(`\nCPU per page load, ms (p50 over the warm rounds; from /proc, navigation start to data render)`);
  console.log(`${pad("view", 44)} ${lpad("render", 7)} ${groups.map((g) => lpad(g, g.length + 1)).join(" ")}`);
  for (const v of views) {
    if (v.cpu.length === 0) continue;
    const cells = groups.map((g) => lpad(ms(summarize(v.cpu.map((c) => c[g] ?? 0)).p50), g.length + 1));
    console.log(
      `${pad(v.path, 44)} ${lpad(ms(v.warm.length ? summarize(v.warm).p50 : undefined), 7)} ${cells.join(" ")}`,
    );
  }
  console.log("  two cores give 2 ms of CPU per ms of wall time, shared with whatever else runs on the machine.");
}

export function printClick(result: ViewResult, rounds: number): void {
  const s = result.warm.length ? summarize(result.warm) : undefined;
  const parts = split(
    result.calls,
    result.warm.map(() => 0),
  );
  console.log(`\nexemplar click -> rendered waterfall: pointerdown on a latency-chart dot -> first span-row, ms`);
  console.log(
    `  ${result.path}: cold ${ms(result.cold)}, p50 ${ms(s?.p50)}, p90 ${ms(s?.p90)}, max ${ms(s?.max)} over rounds 2..${rounds}; ` +
      `goal <= ${GOAL_CLICK_MS} ms: ${verdict(s, GOAL_CLICK_MS)}`,
  );
  if (result.calls.some((c) => c.length > 0))
    console.log(`  api in the browser (first request sent -> last response) p50 ${ms(parts.api)} ms`);
  if (result.baseline)
    console.log(
      `  api direct p50 ${ms(result.baseline.p50)} ms (via next ${ms(result.proxied?.p50)} ms) for the same ${result.baseline.requests} request(s); slowest ${result.baseline.slowest}`,
    );
  for (const p of [...new Set(result.problems)].slice(0, 3)) console.log(`    ! ${p}`);
}

export function printBundles(views: ViewResult[]): void {
  console.log(`\nJavaScript per page on a cold load, gzipped (goal <= ${GOAL_BUNDLE_KB} KB)`);
  const head = [pad("page", 44), lpad("scripts", 7), lpad("wire KB", 8), lpad("gzip KB", 8), lpad("raw KB", 8)];
  console.log(`${head.join(" ")}  served   verdict | with prefetched routes`);
  for (const v of views) {
    const b = v.bundle;
    if (!b) {
      console.log(`${pad(v.path, 44)} not measured (cold load failed)`);
      continue;
    }
    const all = v.withPrefetch ? `${v.withPrefetch.scripts} scripts, ${fmt(v.withPrefetch.gzipKB, 1)} KB` : "-";
    const cells = [
      pad(v.path, 44),
      lpad(String(b.scripts), 7),
      lpad(fmt(b.browserKB, 1), 8),
      lpad(fmt(b.gzipKB, 1), 8),
    ];
    console.log(
      `${cells.join(" ")} ${lpad(fmt(b.rawKB, 1), 8)}  ${pad(b.served, 8)} ${pad(b.gzipKB <= GOAL_BUNDLE_KB ? "MET" : "MISSED", 7)} | ${all}`,
    );
  }
  console.log(
    "  the page's own scripts: a cold load with Next.js's prefetches of linked routes refused. wire = the browser's\n" +
      "  encodedBodySize; gzip = the same scripts fetched gzipped (or gzipped here if not served so). With prefetched\n" +
      "  routes = all the measured cold load fetched within 3 s of its data, chunks of routes its links prefetch included.",
  );
}
