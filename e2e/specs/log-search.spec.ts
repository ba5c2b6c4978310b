// Log search driven by hand: a trace ID typed into the search form, and the service and
// severity filters; results are exactly the scenario's matching logs.
import { expect, test } from "../fixtures.ts";
import { traceOfKind } from "../support/scenario-types.ts";

test("a trace ID typed by hand finds exactly that trace's logs", async ({ page, scenario, step, logsPage }) => {
  const slow = traceOfKind(scenario, "slow");

  await step("open log search", async () => {
    await logsPage.goto();
    await expect(logsPage.traceIdInput).toBeVisible();
  });

  await step("type the trace ID and press Enter", async () => {
    await logsPage.traceIdInput.click();
    await logsPage.traceIdInput.pressSequentially(slow.traceId);
    await logsPage.traceIdInput.press("Enter");
    await expect(page).toHaveURL(new RegExp(`[?&]traceId=${slow.traceId}`));
  });

  await step("only that trace's logs are listed", async () => {
    await expect(logsPage.rows).toHaveCount(slow.logs.length);
    expect(await logsPage.rowTraceIds()).toEqual(slow.logs.map(() => slow.traceId));
    await expect(logsPage.results).toContainText(`slow ordersdb insert for order ${slow.orderId}`);
    expect(await logsPage.shownCount()).toBe(slow.logs.length);
  });
});

test("service and severity filters, applied with the search button", async ({ page, scenario, step, logsPage }) => {
  const failing = traceOfKind(scenario, "error");
  const expected = scenario.traces.flatMap((t) =>
    t.logs.filter((l) => l.service === "payments" && l.severity === "ERROR").map(() => t.traceId),
  );

  await step("open log search", async () => {
    await logsPage.goto();
    await expect(logsPage.serviceSelect).toBeVisible();
  });

  await step("choose payments and ERROR, then search", async () => {
    await logsPage.serviceSelect.selectOption("payments");
    await logsPage.severitySelect.selectOption("ERROR");
    await logsPage.submit.click();
    await expect(page).toHaveURL(/[?&]service=payments/);
    await expect(page).toHaveURL(/[?&]severity=ERROR/i);
  });

  await step("only payments' error logs are listed", async () => {
    await expect(logsPage.rows).toHaveCount(expected.length);
    expect(await logsPage.rowTraceIds()).toEqual(expected);
    await expect(logsPage.results).toContainText(`card declined for order ${failing.orderId}`);
  });
});

test("the search language: fields, severity>=, a phrase, OR and NOT find exactly the matching logs", async ({
  page,
  scenario,
  step,
  logsPage,
}) => {
  const all = scenario.traces.flatMap((t) => t.logs.map((l) => ({ ...l, traceId: t.traceId })));
  const atLeastWarn = (s: string) => s === "WARN" || s === "ERROR";
  const cases = [
    {
      q: 'service:payments severity>=warn "card"',
      match: (l: (typeof all)[number]) => l.service === "payments" && atLeastWarn(l.severity) && /card/i.test(l.body),
    },
    {
      q: "(service:checkout OR service:frontend) severity>=error -checkout",
      match: (l: (typeof all)[number]) =>
        (l.service === "checkout" || l.service === "frontend") &&
        l.severity === "ERROR" &&
        !/\bcheckout\b/i.test(l.body),
    },
  ];

  await step("open log search", async () => {
    await logsPage.goto();
    await expect(logsPage.queryInput).toBeVisible();
  });

  for (const { q, match } of cases) {
    const expected = all.filter(match).map((l) => l.traceId);
    await step(`${q}: ${expected.length} logs`, async () => {
      expect(expected.length).toBeGreaterThan(0);
      await logsPage.queryInput.fill(q);
      await logsPage.queryInput.press("Enter");
      await expect(page).toHaveURL(/[?&]q=/);
      await expect(logsPage.rows).toHaveCount(expected.length);
      expect((await logsPage.rowTraceIds()).sort()).toEqual(expected.sort());
    });
  }
});
