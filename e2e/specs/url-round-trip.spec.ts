// Every view's state lives in the URL: after a reload (or pasting the link) the same filters,
// range and selection are shown.
import { expect, test } from "../fixtures.ts";
import { spanNamed, traceOfKind } from "../support/scenario-types.ts";

test("/logs keeps its filters and absolute range across a reload", async ({ page, scenario, step, logsPage }) => {
  const failing = traceOfKind(scenario, "error");
  const from = failing.startMs - 60_000;
  const to = failing.endMs + 60_000;

  await step("search by words and severity in a fixed window", async () => {
    await logsPage.goto(`?from=${from}&to=${to}`);
    await logsPage.queryInput.fill(`payment failed ${failing.orderId}`);
    await logsPage.severitySelect.selectOption("ERROR");
    await logsPage.submit.click();
    await expect(page).toHaveURL(/[?&]q=/);
    await expect(logsPage.rows).toHaveCount(1);
  });

  const before = await page.evaluate(() => window.location.href);
  const label = await logsPage.timePickerButton.textContent();

  await step("reload: same URL, same filters, same range, same result", async () => {
    await page.reload();
    expect(await page.evaluate(() => window.location.href)).toBe(before);
    await expect(logsPage.queryInput).toHaveValue(`payment failed ${failing.orderId}`);
    await expect(logsPage.severitySelect).toHaveValue(/^error$/i);
    await expect(logsPage.timePickerButton).toHaveText(label ?? "");
    await expect(logsPage.rows).toHaveCount(1);
    await expect(logsPage.rows.first()).toHaveAttribute("data-trace-id", failing.traceId);
  });
});

test("/traces/<id>?span= keeps the selected span across a reload", async ({ page, scenario, step, tracePage }) => {
  const slow = traceOfKind(scenario, "slow");
  const insert = spanNamed(slow, "INSERT orders");

  await step("open the trace with a span selected", async () => {
    await tracePage.goto(slow.traceId, insert.spanId);
    await expect(tracePage.spanDetail).toBeVisible();
    await expect(tracePage.spanDetail).toContainText("INSERT orders");
  });

  await step("select another span: the URL follows", async () => {
    const charge = spanNamed(slow, "charge card");
    await tracePage.spanRow(charge.spanId).click();
    await expect(page).toHaveURL(new RegExp(`[?&]span=${charge.spanId}`));
    await expect(tracePage.spanDetail).toContainText("charge card");
  });

  await step("reload: the same span is still selected", async () => {
    await page.reload();
    await expect(page).toHaveURL(new RegExp(`[?&]span=${spanNamed(slow, "charge card").spanId}`));
    await expect(tracePage.spanDetail).toContainText("charge card");
    await expect(tracePage.spanRows).toHaveCount(slow.spans.length);
  });
});

test("/services/<name> keeps its time range across a reload", async ({ page, step, servicePage }) => {
  await step("open checkout over the last 3 hours", async () => {
    await servicePage.goto("checkout", "?from=now-3h&to=now");
    await expect(servicePage.timePickerButton).toHaveText("Last 3 hours");
    await expect(servicePage.latencyChart).toBeVisible();
  });

  await step("reload: still checkout over the last 3 hours", async () => {
    await page.reload();
    await expect(page).toHaveURL(/\/services\/checkout\?.*from=now-3h/);
    await expect(servicePage.timePickerButton).toHaveText("Last 3 hours");
    await expect(servicePage.latencyChart).toBeVisible();
    await expect(servicePage.topOperations).toContainText("/api/checkout");
  });
});
