// Autocomplete in log search's box: a field name from three typed letters, then a service from
// the data; the box then holds the query and its results are exactly that service's logs.
// payments: only the scenario sends its logs (live tail sends checkout logs of its own).
import { expect, test } from "../fixtures.ts";
import { SearchSuggestions } from "../pages/search-suggestions.ts";

test("serv → service → payments fills the box with service:payments and finds payments' logs", async ({
  page,
  scenario,
  step,
  logsPage,
}) => {
  const suggestions = new SearchSuggestions(page);
  const expected = scenario.traces.flatMap((t) => t.logs.filter((l) => l.service === "payments").map(() => t.traceId));
  expect(expected.length).toBeGreaterThan(0);

  await step("open log search and type serv", async () => {
    await logsPage.goto();
    await logsPage.queryInput.click();
    await logsPage.queryInput.pressSequentially("serv");
    await expect(suggestions.option("service")).toBeVisible();
  });

  await step("pick service: the box says service: and lists the services of the data", async () => {
    await suggestions.option("service").click();
    await expect(logsPage.queryInput).toHaveValue("service:");
    await expect(suggestions.option("payments")).toBeVisible();
    await expect(suggestions.option("tracelight")).toHaveCount(0);
  });

  await step("pick payments, then search", async () => {
    await suggestions.option("payments").click();
    await expect(logsPage.queryInput).toHaveValue("service:payments");
    await expect(suggestions.list).toBeHidden();
    await logsPage.queryInput.press("Enter");
    await expect(page).toHaveURL(/[?&]q=service(%3A|:)payments(&|$)/);
  });

  await step("only payments' logs are listed", async () => {
    await expect(logsPage.rows).toHaveCount(expected.length);
    expect((await logsPage.rowTraceIds()).sort()).toEqual([...expected].sort());
  });
});
