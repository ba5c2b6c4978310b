// The service map of the scenario's checkouts: frontend → checkout → payments, paired by the
// api's job (a minute or two after the spans arrive), each call opening trace search for it.
import { expect, test } from "../fixtures.ts";
import { ServiceMapPage } from "../pages/service-map-page.ts";

/** Global setup may have sent the spans just now: pairing waits for their arrival minute to end. */
const PAIRED_WITHIN_MS = 150_000;

test("the map shows who calls whom, and a call opens trace search for it", async ({ page, step, tracesPage }) => {
  test.setTimeout(PAIRED_WITHIN_MS + 60_000);
  const map = new ServiceMapPage(page);

  await step("the scenario's calls, with their rates", async () => {
    await expect(async () => {
      await map.goto("?from=now-3h&to=now");
      await expect(map.call("checkout", "payments")).toBeVisible({ timeout: 5_000 });
    }).toPass({ timeout: PAIRED_WITHIN_MS });
    await expect(map.call("frontend", "checkout")).toBeVisible();
    await expect(map.call("frontend", "checkout")).toContainText("/min");
    await expect(map.chart.locator("canvas")).toBeVisible();
  });

  await step("checkout → payments opens trace search for payments", async () => {
    await map.call("checkout", "payments").getByRole("link").click();
    await expect(page).toHaveURL(/\/traces\?(.*&)?service=payments/);
    await expect(tracesPage.rows.first()).toBeVisible();
  });
});
