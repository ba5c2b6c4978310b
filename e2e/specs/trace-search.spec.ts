// Trace search from the URL: a duration floor and a status each find exactly the scenario's
// matching trace, and a result row opens the trace view.
import { expect, test } from "../fixtures.ts";
import { traceOfKind } from "../support/scenario-types.ts";

test("slow traces: only the slow checkout is over one second", async ({
  page,
  scenario,
  step,
  tracesPage,
  tracePage,
}) => {
  const slow = traceOfKind(scenario, "slow");

  await step("search traces of at least 1000 ms", async () => {
    await tracesPage.goto("?minDurationMs=1000");
    await expect(tracesPage.form).toBeVisible();
    await expect(tracesPage.rows).toHaveCount(1);
    expect(await tracesPage.rowTraceIds()).toEqual([slow.traceId]);
  });

  await step("open the result", async () => {
    await tracesPage.rows.first().getByRole("link").first().click();
    await expect(page).toHaveURL(new RegExp(`/traces/${slow.traceId}(\\?|$)`));
    await expect(tracePage.spanRows).toHaveCount(slow.spans.length);
  });
});

test("failed traces: only the failing checkout has errors", async ({ scenario, step, tracesPage }) => {
  const failing = traceOfKind(scenario, "error");
  await step("search traces with status Error", async () => {
    await tracesPage.goto("?status=Error");
    await expect(tracesPage.rows).toHaveCount(1);
    expect(await tracesPage.rowTraceIds()).toEqual([failing.traceId]);
  });
});
