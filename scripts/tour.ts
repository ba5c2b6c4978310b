// `npm run tour`: screenshots of the main pages of a running Tracelight (`npm start`, best with
// the demo and the agent), so that a person can read every number on them after a change. It
// only reads: the pages and, to choose what to open, the query API behind the web server.
// It signs in first as TRACELIGHT_ADMIN_EMAIL/_PASSWORD (any role will do), or else as the
// admin `TRACELIGHT_DEMO=1 npm start` made (scripts/demo-admin.ts).
//   npm run tour -- [--url http://127.0.0.1:3000] [--out .tour] [--range now-15m]
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { chromium } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH, missingChromium } from "./chromium.ts";
import { DEMO_ADMIN_EMAIL, demoAdminPasswordFile, readDemoAdminPassword } from "./demo-admin.ts";

const { values } = parseArgs({
  options: {
    url: { type: "string", default: `http://127.0.0.1:${process.env.WEB_PORT ?? "3000"}` },
    out: { type: "string", default: ".tour" },
    range: { type: "string", default: "now-15m" },
  },
});
const base = values.url.replace(/\/$/, "");
const range = `from=${encodeURIComponent(values.range)}&to=now`;

const missing = missingChromium();
if (missing !== undefined) {
  console.error(missing);
  process.exit(1);
}

const dataDir = resolve(import.meta.dirname, "..", process.env.TRACELIGHT_DATA_DIR ?? "data");
const demoPassword = readDemoAdminPassword(dataDir);
const account =
  process.env.TRACELIGHT_ADMIN_EMAIL && process.env.TRACELIGHT_ADMIN_PASSWORD
    ? { email: process.env.TRACELIGHT_ADMIN_EMAIL, password: process.env.TRACELIGHT_ADMIN_PASSWORD }
    : demoPassword === undefined
      ? undefined
      : { email: DEMO_ADMIN_EMAIL, password: demoPassword };
if (account === undefined) {
  console.error(
    "tour: the pages need a signed-in user: set TRACELIGHT_ADMIN_EMAIL and TRACELIGHT_ADMIN_PASSWORD " +
      `(any role), or start with TRACELIGHT_DEMO=1, whose admin's password is kept in ${demoAdminPasswordFile(dataDir)}`,
  );
  process.exit(1);
}

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  // The context's request client shares the pages' cookies: one sign-in through the web app's
  // /api/v1 proxy serves the API reads below and every page.
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const api = async <T>(path: string, body?: unknown): Promise<T> => {
    const url = `${base}/api/v1${path}`;
    const res = await (body === undefined ? context.request.get(url) : context.request.post(url, { data: body }));
    if (!res.ok()) throw new Error(`${url}: ${res.status()} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const { user } = await api<{ user: { email: string; role: string } }>("/auth/login", account);
  console.log(`signed in as ${user.email} (${user.role})`);

  const { services } = await api<{ services: { name: string; spanCount: number }[] }>(`/services?${range}`);
  const busiest = [...services].sort((a, b) => b.spanCount - a.spanCount)[0]?.name;
  const { traces } = await api<{ traces: { traceId: string }[] }>(`/traces?${range}&sort=duration&limit=1`);
  const slowest = traces[0]?.traceId;

  const { dashboards } = await api<{ dashboards: { id: string; name: string; builtin: boolean }[] }>("/dashboards");

  /** [name, path]; the service and trace pages only when the range holds one. */
  const stops: (readonly [string, string])[] = [
    ["home", `/?${range}`],
    ["services", `/services?${range}`],
    ...(busiest === undefined ? [] : [["service", `/services/${encodeURIComponent(busiest)}?${range}`] as const]),
    ["metric-explorer", `/metrics?metric=http.server.request.duration&agg=p95&groupBy=service.name&${range}`],
    ["traces-by-duration", `/traces?${range}&sort=duration`],
    ...(slowest === undefined ? [] : [["slowest-trace", `/traces/${slowest}`] as const]),
    ["logs", `/logs?${range}`],
    ["service-map", `/service-map?${range}`],
    ...dashboards
      .filter((d) => d.builtin)
      .map(
        (d) => [`dashboard-${d.name.toLowerCase().replace(/[^a-z]+/g, "-")}`, `/dashboards/${d.id}?${range}`] as const,
      ),
    ["alerts", "/alerts"],
    ["health", `/health?${range}`],
  ];

  mkdirSync(values.out, { recursive: true });
  console.log(`services in ${values.range}..now: ${services.map((s) => s.name).join(", ") || "none"}`);
  const page = await context.newPage();
  for (const [i, [name, path]] of stops.entries()) {
    const file = join(values.out, `${String(i + 1).padStart(2, "0")}-${name}.png`);
    process.stdout.write(`[${i + 1}/${stops.length}] ${path} … `);
    await page.goto(`${base}${path}`);
    // Panels load on their own; wait until the network has been quiet, then a moment for charts to draw.
    await page.waitForLoadState("networkidle");
    await page.waitForTimeout(1000);
    await page.screenshot({ path: file, fullPage: true });
    console.log(file);
  }
} finally {
  await browser.close();
}
