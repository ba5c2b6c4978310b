// A dashboard made of three panel kinds (timeseries, stat, logs) with a $service variable, over a
// service of the test's own: an exemplar dot on its chart opens the trace. Its slow, failing
// request would be seen by the views' exact trace counts, so it runs with the alert specs,
// after the views (playwright.config.ts).
import type { DashboardView } from "@tracelight/contracts";
import { expect, test } from "../fixtures.ts";
import { readExemplars } from "../pages/chart.ts";
import { DashboardsPage } from "../pages/dashboards-page.ts";
import { authHeaders } from "../support/api-auth.ts";
import { LATENCY_METRIC, STEP_MS, sendSteps, stepsBetween } from "../support/checkout-latency.ts";
import { urls } from "../support/env.ts";

async function createDashboard(doc: object): Promise<DashboardView> {
  const res = await fetch(`${urls.api}/api/v1/dashboards`, {
    method: "POST",
    headers: { ...authHeaders(), "content-type": "application/json" },
    body: JSON.stringify(doc),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as DashboardView;
}

test("a dashboard of three panel kinds with $service: an exemplar dot on its chart opens the trace", async ({
  page,
  step,
}) => {
  const dashboards = new DashboardsPage(page);
  // A service of this test's own, so no other spec's traffic or rules see its latency.
  const service = `dash-${Date.now()}`;
  const now = Date.now();
  const slowAt = stepsBetween(now - 20 * 60_000, now - 20 * 60_000 + STEP_MS)[0] ?? 0;
  const [slow] = await sendSteps(
    urls.otlpHttp,
    stepsBetween(now - 30 * 60_000, now - 60_000),
    (t) => t === slowAt,
    true,
    service,
  );
  if (!slow) throw new Error("sendSteps sent no slow request");
  const byService = ["service.name=$service"];
  const doc = await createDashboard({
    name: `Checkout latency ${service}`,
    variables: [{ name: "service", kind: "service", multi: true }],
    panels: [
      {
        id: "p99",
        title: "p99",
        kind: "timeseries",
        grid: { x: 0, y: 0, w: 12, h: 8 },
        queries: [{ metric: LATENCY_METRIC, agg: "p99", filter: byService }],
      },
      {
        id: "worst",
        title: "Worst p99",
        kind: "stat",
        grid: { x: 12, y: 0, w: 12, h: 4 },
        queries: [{ metric: LATENCY_METRIC, agg: "p99", filter: byService }],
        options: { reduce: "max", unit: "ms" },
      },
      {
        id: "logs",
        title: "Logs",
        kind: "logs",
        grid: { x: 0, y: 8, w: 24, h: 6 },
        queries: [{ service: "$service" }],
      },
    ],
  });

  await step("open it for the service: the stat, the log line and the exemplar dot", async () => {
    await page.goto(`/dashboards/${doc.id}?from=now-1h&to=now&var-service=${service}`);
    await expect(dashboards.panels).toHaveCount(3);
    await expect(dashboards.panel("logs")).toContainText(slow.log);
    await expect(dashboards.panel("worst")).toContainText(/\d/);
    const chart = dashboards.panel("p99").getByTestId("panel-chart");
    await expect.poll(async () => (await readExemplars(chart)).map((d) => d.traceId)).toContain(slow.traceId);
  });

  await step("click the dot: the trace view opens", async () => {
    const chart = dashboards.panel("p99").getByTestId("panel-chart");
    const dot = (await readExemplars(chart)).find((d) => d.traceId === slow.traceId);
    const box = await chart.boundingBox();
    if (!dot || !box) throw new Error("no dot or no chart");
    await page.mouse.move(box.x + dot.x, box.y + dot.y);
    await page.mouse.click(box.x + dot.x, box.y + dot.y);
    await expect(page).toHaveURL(new RegExp(`/traces/${slow.traceId}(\\?|$)`));
  });
});
