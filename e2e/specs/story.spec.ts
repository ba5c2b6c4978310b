// The story, end to end: service overview → checkout → click an exemplar dot on the
// latency chart (a real mouse click on the canvas) → the trace's waterfall across services
// with the failing spans marked → the trace's logs → "open in log search" → exactly those logs.
import { expect, test } from "../fixtures.ts";
import { hoverAt } from "../pages/chart.ts";
import { spanNamed, traceOfKind } from "../support/scenario-types.ts";

test("from the service overview through an exemplar to the trace and its logs", async ({
  page,
  scenario,
  step,
  servicesPage,
  servicePage,
  tracePage,
  logsPage,
}) => {
  const failing = traceOfKind(scenario, "error");

  await step("service overview lists the scenario's services", async () => {
    await servicesPage.goto();
    await expect(servicesPage.table).toBeVisible();
    for (const service of scenario.services) await expect(servicesPage.row(service)).toBeVisible();
  });

  await step("open checkout", async () => {
    await servicesPage.open("checkout");
    await expect(page).toHaveURL(/\/services\/checkout(\?|$)/);
    await expect(servicePage.latencyChart).toBeVisible();
  });

  const dot = await step("hover the failing checkout's exemplar dot", async () => {
    const found = await servicePage.exemplarFor(failing.traceId);
    await hoverAt(servicePage.latencyChart, found.x, found.y);
    // The tooltip (inside the chart element) names the trace the dot points at.
    await expect(servicePage.latencyChart).toContainText(failing.traceId);
    return found;
  });

  await step("click the dot: the trace view opens", async () => {
    const at = await hoverAt(servicePage.latencyChart, dot.x, dot.y);
    await page.mouse.click(at.x, at.y);
    await expect(page).toHaveURL(new RegExp(`/traces/${failing.traceId}(\\?|$)`));
    await expect(tracePage.header).toBeVisible();
  });

  await step("the waterfall shows every span, across three services, failures marked", async () => {
    await expect(tracePage.spanRows).toHaveCount(failing.spans.length);
    const shown = await tracePage.spanRowData();
    const byId = (rows: { spanId: string }[]) => [...rows].sort((a, b) => a.spanId.localeCompare(b.spanId));
    const expected = failing.spans.map(({ spanId, service, name, error }) => ({ spanId, service, name, error }));
    expect(byId(shown)).toEqual(byId(expected));
    expect(new Set(shown.map((s) => s.service)).size).toBeGreaterThanOrEqual(3);
    await expect(tracePage.spanRow(spanNamed(failing, "charge card").spanId)).toHaveAttribute("data-error", "true");
    await expect(tracePage.spanRow(spanNamed(failing, "INSERT orders").spanId)).toHaveAttribute("data-error", "false");
  });

  await step("the trace's logs are shown with it", async () => {
    await expect(tracePage.logRows).toHaveCount(failing.logs.length);
    expect(await tracePage.logTraceIds()).toEqual(failing.logs.map(() => failing.traceId));
    await expect(tracePage.logs).toContainText(`card declined for order ${failing.orderId}`);
  });

  await step("open in log search: exactly this trace's logs", async () => {
    await tracePage.openInLogSearch.click();
    await expect(page).toHaveURL(new RegExp(`/logs\\?.*traceId=${failing.traceId}`));
    // …and to a time window that holds the trace.
    const url = new URL(page.url());
    const [from, to] = [url.searchParams.get("from"), url.searchParams.get("to")];
    expect(from, "from: epoch ms").toMatch(/^\d+$/);
    expect(to, "to: epoch ms").toMatch(/^\d+$/);
    expect(Number(from)).toBeLessThanOrEqual(failing.startMs);
    expect(Number(to)).toBeGreaterThanOrEqual(failing.endMs);
    await expect(logsPage.rows).toHaveCount(failing.logs.length);
    expect(await logsPage.rowTraceIds()).toEqual(failing.logs.map(() => failing.traceId));
    await expect(logsPage.traceIdInput).toHaveValue(failing.traceId);
    expect(await logsPage.shownCount()).toBe(failing.logs.length);
  });
});
