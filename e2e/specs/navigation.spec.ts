// The nav bar: every view is one click away and moving between views keeps the time range.
import { expect, test } from "../fixtures.ts";

test("the nav keeps the time range from view to view", async ({ page, step, servicesPage }) => {
  await step("services over the last 3 hours", async () => {
    await servicesPage.goto("?from=now-3h&to=now");
    await expect(servicesPage.row("checkout")).toBeVisible();
  });

  for (const [view, path] of [
    ["logs", "/logs"],
    ["traces", "/traces"],
    ["metrics", "/metrics"],
    ["home", "/"],
  ] as const) {
    await step(`nav to ${view}`, async () => {
      await servicesPage.nav(view).click();
      await expect(page).toHaveURL(new RegExp(`^[^?]*${path === "/" ? "/" : path}\\?(.*&)?from=now-3h`));
      await expect(servicesPage.timePickerButton).toHaveText("Last 3 hours");
    });
  }
  await expect(page.getByTestId("home-dashboard")).toBeVisible();
});
