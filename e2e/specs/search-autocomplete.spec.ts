// Autocomplete in log search's box: a field name from three typed letters, then a service from
// the data; the box then holds the query and its results are exactly that service's logs.
import { expect, test } from "../fixtures.ts";
import { SearchSuggestions } from "../pages/search-suggestions.ts";

test("serv → service → checkout fills the box with service:checkout and finds checkout's logs", async ({
  page,
  scenario,
  step,
  logsPage,
}) => {
  const suggestions = new SearchSuggestions(page);
  const expected = scenario.traces.flatMap((t) => t.logs.filter((l) => l.service === "checkout").map(() => t.traceId));
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
    await expect(suggestions.option("checkout")).toBeVisible();
    await expect(suggestions.option("tracelight")).toHaveCount(0);
  });

  await step("pick checkout, then search", async () => {
    await suggestions.option("checkout").click();
    await expect(logsPage.queryInput).toHaveValue("service:checkout");
    await expect(suggestions.list).toBeHidden();
    await logsPage.queryInput.press("Enter");
    await expect(page).toHaveURL(/[?&]q=service(%3A|:)checkout(&|$)/);
  });

  await step("only checkout's logs are listed", async () => {
    await expect(logsPage.rows).toHaveCount(expected.length);
    expect((await logsPage.rowTraceIds()).sort()).toEqual([...expected].sort());
  });
});
