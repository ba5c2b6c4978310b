// The trace view's critical path: in the slow checkout the ordersdb insert and the card charge
// are on it; the audit record written beside the charge is not.
import { expect, test } from "../fixtures.ts";
import { spanNamed, traceOfKind } from "../support/scenario-types.ts";

test("the critical path marks the spans that made the trace slow", async ({ scenario, step, tracePage }) => {
  const slow = traceOfKind(scenario, "slow");
  const critical = (name: string) => tracePage.spanRow(spanNamed(slow, name).spanId);

  await step("open the slow checkout", async () => {
    await tracePage.goto(slow.traceId);
    await expect(tracePage.spanRows).toHaveCount(slow.spans.length);
  });

  await step("critical: the root, the insert, the charge; not the audit record", async () => {
    for (const name of ["GET /checkout", "POST /api/checkout", "INSERT orders", "charge card"]) {
      await expect(critical(name), name).toHaveAttribute("data-critical", "true");
    }
    await expect(critical("write audit record")).toHaveAttribute("data-critical", "false");
    await expect(tracePage.spanRows.and(tracePage.page.locator('[data-error="true"]'))).toHaveCount(0);
  });
});
