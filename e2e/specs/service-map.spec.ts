// The service map of the scenario's checkouts: frontend → checkout → payments, paired by the
// api's job (a minute or two after the spans arrive), each call opening trace search for it, and
// checkout → ordersdb, a peer (its client spans name it; it sends none), decided once the job's
// wait for a callee is over.
import { expect, test } from "../fixtures.ts";
import { ServiceMapPage } from "../pages/service-map-page.ts";

/** Global setup may have sent the spans just now: pairing waits for their arrival minute to end. */
const PAIRED_WITHIN_MS = 150_000;
/** A call without a callee is a peer call 5 minutes after it arrived (PEER_WAIT_MS, packages/store/src/service-edges.ts). */
const PEER_DECIDED_WITHIN_MS = 300_000 + PAIRED_WITHIN_MS;

test("the map shows who calls whom, and a call opens trace search for it", async ({ page, step, tracesPage }) => {
  test.setTimeout(PEER_DECIDED_WITHIN_MS + 90_000);
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

  await step("checkout → ordersdb is a peer, opening trace search for checkout's calls to it", async () => {
    await expect(async () => {
      await map.goto("?from=now-3h&to=now");
      await expect(map.call("checkout", "ordersdb")).toBeVisible({ timeout: 5_000 });
    }).toPass({ timeout: PEER_DECIDED_WITHIN_MS });
    await expect(map.call("checkout", "ordersdb")).toHaveAttribute("data-peer", "true");
    await expect(map.call("checkout", "ordersdb")).toContainText("peer");
    await map.call("checkout", "ordersdb").getByRole("link").click();
    await expect(page).toHaveURL(/\/traces\?(.*&)?service=checkout&q=.*peer\.service/);
    await expect(tracesPage.rows.first()).toBeVisible();
  });
});
