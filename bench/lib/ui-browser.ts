// In-browser timing for `npm run bench:ui`, in real Chromium. A script installed before any of
// the page's own (addInitScript) watches the DOM with a MutationObserver and records
// performance.now() the moment the view's data element first matches — the first data render,
// measured from navigation start (the page's time origin). For the exemplar click, a
// capture-phase pointerdown listener records the click and the observer the first span row.
/// <reference lib="dom" />
import { type Browser, type BrowserContext, chromium, type Page } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH, missingChromium } from "../../scripts/chromium.ts";
import { BENCH_ADMIN } from "./bench-admin.ts";

/** Stops the run before anything starts when there is no browser to measure with. */
export function requireChromium(): void {
  const missing = missingChromium();
  if (missing === undefined) return;
  console.error(`bench:ui: ${missing}`);
  process.exit(1);
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** A signed-in user's cookies, for every context, and the same as a Cookie header for Node. */
export interface Session {
  storageState: Awaited<ReturnType<BrowserContext["storageState"]>>;
  cookie: string;
}

/** Signs in once as the bench admin through the web app's /api/v1 proxy, as the login page does. */
export async function signIn(browser: Browser, webUrl: string): Promise<Session> {
  const context = await browser.newContext();
  try {
    const res = await context.request.post(`${webUrl}/api/v1/auth/login`, { data: BENCH_ADMIN });
    if (!res.ok()) throw new Error(`sign-in as ${BENCH_ADMIN.email}: ${res.status()} ${await res.text()}`);
    const storageState = await context.storageState();
    return { storageState, cookie: storageState.cookies.map((c) => `${c.name}=${c.value}`).join("; ") };
  } finally {
    await context.close();
  }
}

/** What counts as the view's data: an element matching `selector` (a chart: with exemplar dots drawn). */
export interface DataSpec {
  selector: string;
  exemplars?: boolean;
  /** After a pointerdown, also time the first match of this selector (the exemplar click). */
  afterClick?: string;
}

interface BenchState {
  first?: number;
  clickAt?: number;
  afterClick?: number;
  error?: string;
}

/** Runs in the page before its scripts. Times are epoch ms (timeOrigin + now), so they survive a navigation. */
function installProbe(spec: DataSpec): void {
  const w = window as unknown as { __bench: BenchState };
  const state: BenchState = {};
  w.__bench = state;
  const now = () => performance.timeOrigin + performance.now();
  // A full navigation after the click starts a new document: the click time crosses in sessionStorage.
  const session = (() => {
    try {
      return window.sessionStorage;
    } catch {
      return undefined; // about:blank and other opaque origins
    }
  })();
  const stored = session?.getItem("__benchClickAt");
  if (stored) state.clickAt = Number(stored);
  const hasData = (el: Element) => {
    if (!spec.exemplars) return true;
    const host = el.hasAttribute("data-exemplars") ? el : el.querySelector("[data-exemplars]");
    const raw = host?.getAttribute("data-exemplars");
    try {
      return raw ? (JSON.parse(raw) as unknown[]).length > 0 : false;
    } catch {
      return false;
    }
  };
  const check = () => {
    if (state.first === undefined && Array.from(document.querySelectorAll(spec.selector)).some(hasData))
      state.first = now();
    if (
      state.clickAt !== undefined &&
      state.afterClick === undefined &&
      spec.afterClick &&
      document.querySelector(spec.afterClick)
    )
      state.afterClick = now();
    if (state.error === undefined) {
      const error = document.querySelector('[data-testid="state-error"]');
      if (error) state.error = error.textContent ?? "error";
    }
  };
  addEventListener(
    "pointerdown",
    () => {
      state.clickAt = now();
      state.afterClick = undefined;
      session?.setItem("__benchClickAt", String(state.clickAt));
    },
    true,
  );
  new MutationObserver(check).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ["data-exemplars", "data-testid"],
  });
}

export async function newContext(browser: Browser, spec: DataSpec, session: Session): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    storageState: session.storageState,
  });
  // tsx (esbuild keepNames) wraps named functions in this file with __name(); the functions sent
  // into the page carry those calls, so the page gets a no-op __name first.
  await context.addInitScript({ content: "globalThis.__name ??= (f) => f;" });
  await context.addInitScript(installProbe, spec);
  return context;
}

export interface ApiCall {
  /** Path and query, as the api serves it (/api/v1/...). */
  path: string;
  startMs: number;
  endMs: number;
}

export interface Round {
  /** Navigation start to first data render, ms; undefined when the data never came. */
  ms?: number;
  /** What the page showed instead, when the data never came. */
  problem?: string;
  /** API requests the page completed before its data rendered (browser timing, from navigation start). */
  calls: ApiCall[];
  page: Page;
}

const apiCalls = (page: Page, untilEpochMs: number, sinceEpochMs = 0) =>
  page.evaluate(
    ({ until, since }) =>
      (performance.getEntriesByType("resource") as PerformanceResourceTiming[])
        .filter((e) => new URL(e.name).pathname.startsWith("/api/v1/"))
        .filter((e) => !e.name.includes("/logs/tail"))
        .map((e) => ({ path: e.name.replace(location.origin, ""), startMs: e.startTime, endMs: e.responseEnd }))
        .filter((c) => performance.timeOrigin + c.endMs <= until && performance.timeOrigin + c.startMs >= since),
    { until: untilEpochMs, since: sinceEpochMs },
  );

async function problemShown(page: Page): Promise<string> {
  return page.evaluate(() => {
    const state = (window as unknown as { __bench?: BenchState }).__bench;
    if (state?.error) return `error state: ${state.error.slice(0, 160)}`;
    const count = (id: string) => document.querySelectorAll(`[data-testid="${id}"]`).length;
    return `no data element; on screen: ${count("state-loading")} loading, ${count("state-empty")} empty, ${count("state-error")} error panels`;
  });
}

/** Opens `url` in a new page of `context` and times its first data render. The caller closes the page. */
export async function timeView(context: BrowserContext, url: string, timeoutMs: number): Promise<Round> {
  const page = await context.newPage();
  try {
    await page.goto(url, { waitUntil: "commit", timeout: timeoutMs });
    await page.waitForFunction(
      () => {
        const s = (window as unknown as { __bench?: BenchState }).__bench;
        return s?.first !== undefined || s?.error !== undefined;
      },
      null,
      { timeout: timeoutMs, polling: 50 },
    );
  } catch {
    return { problem: await problemShown(page).catch((e) => String(e)), calls: [], page };
  }
  const state = await page.evaluate(() => (window as unknown as { __bench: BenchState }).__bench);
  if (state.first === undefined) return { problem: await problemShown(page), calls: [], page };
  const origin = await page.evaluate(() => performance.timeOrigin);
  return { ms: state.first - origin, calls: await apiCalls(page, state.first), page };
}

export interface ClickRound {
  ms?: number;
  problem?: string;
  traceId?: string;
  calls: ApiCall[];
}

/**
 * On a page showing a chart with exemplar dots, clicks dot number `pick` at its published
 * pixel with the real mouse and times pointerdown → first `afterClick` element.
 */
export async function timeExemplarClick(
  page: Page,
  chartSelector: string,
  pick: number,
  timeoutMs: number,
): Promise<ClickRound> {
  const chart = page.locator(chartSelector).first();
  const host =
    (await chart.getAttribute("data-exemplars")) !== null ? chart : chart.locator("[data-exemplars]").first();
  await host.scrollIntoViewIfNeeded();
  const dots = JSON.parse((await host.getAttribute("data-exemplars")) ?? "[]") as {
    x: number;
    y: number;
    traceId: string;
  }[];
  if (dots.length === 0) return { problem: "no exemplar dots on the chart", calls: [] };
  const dot = dots[pick % dots.length]!;
  const box = await host.boundingBox();
  if (!box) return { problem: "chart not visible", calls: [] };
  await page.mouse.move(box.x + dot.x, box.y + dot.y);
  await page.mouse.down();
  await page.mouse.up();
  try {
    await page.waitForFunction(
      () => (window as unknown as { __bench?: BenchState }).__bench?.afterClick !== undefined,
      null,
      { timeout: timeoutMs, polling: 50 },
    );
  } catch {
    return {
      problem: `no span row ${timeoutMs} ms after the click; at ${page.url()}; ${await problemShown(page)}`,
      calls: [],
      traceId: dot.traceId,
    };
  }
  const state = await page.evaluate(() => (window as unknown as { __bench: BenchState }).__bench);
  const ms = state.afterClick! - state.clickAt!;
  return { ms, traceId: dot.traceId, calls: await apiCalls(page, state.afterClick!, state.clickAt!) };
}

/** The page's JavaScript as downloaded: per script URL its encoded (on the wire) and decoded size. */
export async function scriptSizes(page: Page): Promise<{ url: string; encoded: number; decoded: number }[]> {
  return page.evaluate(() =>
    (performance.getEntriesByType("resource") as PerformanceResourceTiming[])
      .filter((e) => new URL(e.name).pathname.endsWith(".js"))
      .map((e) => ({ url: e.name, encoded: e.encodedBodySize, decoded: e.decodedBodySize })),
  );
}

/**
 * The scripts a cold load of `url` needs for itself: Next.js's prefetches of the routes its
 * links point at (requests marked `next-router-prefetch`) are refused, so their chunks stay out.
 */
export async function ownScripts(
  browser: Browser,
  url: string,
  spec: DataSpec,
  timeoutMs: number,
  session: Session,
): Promise<{ url: string; encoded: number; decoded: number }[]> {
  const context = await newContext(browser, spec, session);
  await context.route("**/*", (route) =>
    route.request().headers()["next-router-prefetch"] ? route.abort() : route.continue(),
  );
  const round = await timeView(context, url, timeoutMs);
  await new Promise((r) => setTimeout(r, 3000)); // chunks loaded after the data (charts) count too
  const scripts = await scriptSizes(round.page);
  await context.close();
  return scripts;
}

/**
 * The same API requests sent again from the page once it is idle, all at once as the page
 * sends them: browser -> Next.js proxy -> api without the page load competing for the CPU.
 */
export async function replayInPage(page: Page, paths: string[]): Promise<number> {
  return page.evaluate(async (list) => {
    const started = performance.now();
    await Promise.all(list.map((p) => fetch(p).then((r) => r.arrayBuffer())));
    return performance.now() - started;
  }, paths);
}
