// A log search saved under a name opens again from its stable URL (/logs?view=<id>) with the
// same filters and exactly the same logs.
import { expect, test } from "../fixtures.ts";
import { SavedViewsMenu } from "../pages/saved-views-menu.ts";

test("save a log search, then open it from its URL", async ({ page, scenario, step, logsPage }) => {
  const views = new SavedViewsMenu(page);
  const name = `payments errors ${Date.now()}`;
  const expected = scenario.traces.flatMap((t) =>
    t.logs.filter((l) => l.service === "payments" && l.severity === "ERROR").map(() => t.traceId),
  );

  await step("search payments' errors", async () => {
    await logsPage.goto("?service=payments&severity=ERROR");
    await expect(logsPage.rows).toHaveCount(expected.length);
  });

  let id = "";
  await step("save the search under a name", async () => {
    await views.save.click();
    await views.name.fill(name);
    await views.submit.click();
    await expect(views.menu.locator("option", { hasText: name })).toHaveCount(1);
    id = await views.idOf(name);
    expect(id).not.toBe("");
  });

  await step("a bare log search, then the view's URL", async () => {
    await logsPage.goto();
    await expect(page).not.toHaveURL(/service=/);
    await logsPage.goto(`?view=${id}`);
    await expect(page).toHaveURL(/[?&]service=payments/);
    await expect(page).toHaveURL(/[?&]severity=ERROR/);
    await expect(page).not.toHaveURL(/[?&]view=/);
  });

  await step("exactly the saved search's logs are listed", async () => {
    await expect(logsPage.rows).toHaveCount(expected.length);
    expect(await logsPage.rowTraceIds()).toEqual(expected);
  });
});
