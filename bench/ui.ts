// `npm run bench:ui`: issue 3's performance check in a real browser. With 5 M spans stored
// (plus logs and a histogram with exemplars; ./data/bench-ui, reused when still valid), the
// production web app (`next start`) in front of the real api, headless Chromium opens each
// view N times and times navigation start -> first data render in the page; then exemplar
// click -> rendered waterfall, the JavaScript each page downloads (gzipped), and the api's own
// latency for the same requests as the baseline. Prints figures; asserts nothing.
//
// Env: BENCH_UI_SPANS (5,000,000), BENCH_UI_ROUNDS (10), BENCH_DATA_DIR (./data/bench-ui),
// BENCH_UI_BUILD=1 forces `next build`, =0 reuses the last run's copy of the build.
// Ports: api 4150, OTLP/HTTP 4151, OTLP/gRPC 4152, web 4153.
import { loadavg } from "node:os";
import { join } from "node:path";
import { fmt } from "./lib/stats.ts";
import { apiBaseline } from "./lib/ui-baseline.ts";
import {
  launchChromium,
  newContext,
  ownScripts,
  replayInPage,
  requireChromium,
  scriptSizes,
  signIn,
  timeExemplarClick,
  timeView,
} from "./lib/ui-browser.ts";
import { bundleSize } from "./lib/ui-bundle.ts";
import { cpuBetween, sampleCpu } from "./lib/ui-cpu.ts";
import { prepareData, tracesWithSpans } from "./lib/ui-data.ts";
import { HISTOGRAM_METRIC } from "./lib/ui-dataset.ts";
import { printBundles, printClick, printCpu, printViews, type ViewResult } from "./lib/ui-report.ts";
import { ensureWebBuild, type Server, startUiApi, startWeb } from "./lib/ui-servers.ts";

const root = join(import.meta.dirname, "..");
const SPANS = Number(process.env.BENCH_UI_SPANS ?? 5_000_000);
const ROUNDS = Math.max(2, Number(process.env.BENCH_UI_ROUNDS ?? 10));
const DATA_DIR = process.env.BENCH_DATA_DIR ?? join(root, "data/bench-ui");
const WEB_PORT = 4153;
const TIMEOUT_MS = 20_000;
const started = performance.now();
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");

interface View {
  name: string;
  /** How the report names the view. */
  label: string;
  path: (round: number) => string;
  selector: string;
  exemplars?: boolean;
}

console.log(
  `bench:ui — ${fmt(SPANS, 0)} spans, ${ROUNDS} rounds per view, headless Chromium 1440x900 against next start (production)`,
);
console.log(`note: a 2-core machine; figures taken while other work runs here are noisy. Load average now: ${load()}`);
requireChromium();
const manifest = await prepareData(DATA_DIR, SPANS);
const snapshot = join(root, "data/bench-ui-web");
const build = ensureWebBuild(snapshot);
console.log(
  `web: ${build.built ? `built in ${fmt(build.seconds, 0)} s` : "production build is current"}; served from a copy in ${snapshot}`,
);

const servers: Server[] = [];
const stopAll = async () => {
  for (const s of servers.reverse()) await s.stop().catch(() => undefined);
};
process.once("SIGINT", () => void stopAll().then(() => process.exit(130)));
try {
  const api = await startUiApi(DATA_DIR);
  servers.push(api);
  const web = await startWeb(snapshot, WEB_PORT, api.url);
  servers.push(web);
  console.log(`servers: api ${api.url} (pid ${api.pid}), web ${web.url} (pid ${web.pid})`);
  const browser = await launchChromium();
  // Every page needs a signed-in user: one session, its cookie in every context (and on the baselines' requests).
  const session = await signIn(browser, web.url);
  const headers = { cookie: session.cookie };

  const services = (await (
    await fetch(`${api.url}/api/v1/services?from=${manifest.endMs - 3_600_000}&to=${manifest.endMs}`, { headers })
  ).json()) as {
    services: { name: string; spanCount: number }[];
  };
  const busiest = [...services.services].sort((a, b) => b.spanCount - a.spanCount)[0]?.name ?? "frontend";
  const traces = tracesWithSpans(manifest, 20, ROUNDS);
  if (traces.length === 0) throw new Error("no 20-span trace in the data set's last 10 minutes");
  const trace = (r: number) => traces[r % traces.length]!;
  // Data loaded a while ago: pin each view to the data set's last hour (from/to in the URL, as a
  // shared link would), so the views read a full hour of data as they would right after loading.
  const ageMin = (Date.now() - manifest.endMs) / 60_000;
  const pinned = ageMin > 5 ? `from=${manifest.endMs - 3_600_000}&to=${manifest.endMs}` : "";
  const at = (path: string) => (pinned ? `${path}${path.includes("?") ? "&" : "?"}${pinned}` : path);
  console.log(
    pinned
      ? `time range: the data ends ${fmt(ageMin, 0)} min ago, so views are pinned to its last hour (${pinned})`
      : `time range: the views' default, the last hour (the data ends ${fmt(ageMin, 0)} min ago)`,
  );
  console.log(`targets: busiest service ${busiest}; ${traces.length} different 20-span traces, e.g. ${trace(0)}`);

  const views: View[] = [
    {
      name: "home",
      label: "/",
      path: () => at("/"),
      selector: '[data-testid="home-dashboard"] [data-testid="service-row"]',
    },
    { name: "services", label: "/services", path: () => at("/services"), selector: '[data-testid="service-row"]' },
    {
      name: "service",
      label: `/services/${busiest}`,
      path: () => at(`/services/${encodeURIComponent(busiest)}`),
      selector: '[data-testid="latency-chart"]',
      exemplars: true,
    },
    {
      name: "metric",
      label: `/metrics?metric=${HISTOGRAM_METRIC}`,
      path: () => at(`/metrics?metric=${encodeURIComponent(HISTOGRAM_METRIC)}`),
      selector: '[data-testid="metric-chart"]',
      exemplars: true,
    },
    { name: "trace search", label: "/traces", path: () => at("/traces"), selector: '[data-testid="trace-row"]' },
    {
      name: "trace",
      label: "/traces/<id> (20 spans)",
      path: (r) => `/traces/${trace(r)}`,
      selector: '[data-testid="span-row"]',
    },
    { name: "logs", label: "/logs", path: () => at("/logs"), selector: '[data-testid="log-row"]' },
    {
      name: "logs by trace",
      label: "/logs?traceId=<id>",
      path: (r) => `/logs?traceId=${trace(r)}`,
      selector: '[data-testid="log-row"]',
    },
  ];

  const roots = { api: api.pid, "next.js": web.pid };
  console.log(`chromium ${browser.version()}; measuring (load average ${load()})...`);
  // Round by round across the views (not view by view), so a burst of other work on the machine
  // spreads over all views instead of landing on one.
  const contexts = await Promise.all(
    views.map((v) => newContext(browser, { selector: v.selector, exemplars: v.exemplars }, session)),
  );
  const results: ViewResult[] = views.map((v) => ({
    name: v.name,
    path: v.label,
    element: v.selector,
    warm: [],
    problems: [],
    calls: [],
    idle: [],
    cpu: [],
  }));
  for (let r = 0; r < ROUNDS; r++) {
    for (const [i, view] of views.entries()) {
      const result = results[i]!;
      // A view that never showed its data twice running is broken, not slow: stop spending 20 s a round.
      if (result.problems.length >= 2 && result.cold === undefined && result.warm.length === 0) continue;
      const cpuBefore = sampleCpu(roots);
      const round = await timeView(contexts[i]!, `${web.url}${view.path(r)}`, TIMEOUT_MS);
      const cpu = cpuBetween(cpuBefore, sampleCpu(roots));
      if (round.ms === undefined) result.problems.push(round.problem ?? "no data");
      if (r === 0) {
        result.cold = round.ms;
        // Everything the cold load fetched within 3 s of its data, prefetches of linked routes included.
        await new Promise((res) => setTimeout(res, 3000));
        result.withPrefetch = await bundleSize(await scriptSizes(round.page)).catch(() => undefined);
      } else if (round.ms !== undefined) {
        result.warm.push(round.ms);
        result.calls.push(round.calls);
        result.cpu.push(cpu);
        if (r >= ROUNDS - 3 && round.calls.length > 0) {
          await new Promise((res) => setTimeout(res, 1500));
          result.idle.push(
            await replayInPage(
              round.page,
              round.calls.map((c) => c.path),
            ),
          );
        }
      }
      await round.page.close();
    }
    process.stderr.write(`  round ${r + 1}/${ROUNDS} done\n`);
  }
  for (const c of contexts) await c.close();
  for (const [i, view] of views.entries()) {
    // The page's own JavaScript: a cold load with Next.js's prefetches of linked routes refused.
    const spec = { selector: view.selector, exemplars: view.exemplars };
    const own = await ownScripts(browser, `${web.url}${view.path(0)}`, spec, TIMEOUT_MS, session);
    results[i]!.bundle = await bundleSize(own).catch(() => undefined);
  }

  const click: ViewResult = {
    name: "exemplar click",
    path: `/services/${busiest} -> /traces/<id>`,
    element: '[data-testid="span-row"]',
    warm: [],
    problems: [],
    calls: [],
    idle: [],
    cpu: [],
  };
  {
    const chart = '[data-testid="latency-chart"]';
    const context = await newContext(
      browser,
      { selector: chart, exemplars: true, afterClick: '[data-testid="span-row"]' },
      session,
    );
    for (let r = 0; r < ROUNDS; r++) {
      if (click.problems.length >= 2 && click.cold === undefined && click.warm.length === 0) break;
      const round = await timeView(context, `${web.url}${at(`/services/${encodeURIComponent(busiest)}`)}`, TIMEOUT_MS);
      const clicked =
        round.ms === undefined
          ? { problem: `service page: ${round.problem}`, ms: undefined, calls: [] }
          : await timeExemplarClick(round.page, chart, r * 3, TIMEOUT_MS);
      if (clicked.ms === undefined) click.problems.push(clicked.problem ?? "no waterfall");
      else if (r === 0) click.cold = clicked.ms;
      else {
        click.warm.push(clicked.ms);
        click.calls.push(clicked.calls);
      }
      await round.page.close();
    }
    await context.close();
  }
  await browser.close();

  console.log(`\nbaseline: the same API requests straight to the api (load average ${load()})...`);
  for (const v of [...results, click]) {
    const rounds = v.calls.map((calls) => calls.map((c) => c.path));
    v.baseline = await apiBaseline(api.url, rounds, headers);
    v.proxied = await apiBaseline(web.url, rounds, headers);
  }
  printViews(results, ROUNDS);
  printCpu(results);
  printClick(click, ROUNDS);
  printBundles(results);
} finally {
  await stopAll();
}
console.log(
  `\nbench:ui took ${fmt((performance.now() - started) / 1000, 0)} s; load average at the end ${load()} ` +
    "(figures taken while other work ran are noisy; rerun when the machine is quiet).",
);
