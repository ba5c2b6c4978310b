// Empty and error states: a window with no data, a trace that does not exist, a query the api
// refuses (its message is shown), and an api the browser cannot reach.
import { expect, test } from "../fixtures.ts";

// A closed hour two days before the scenario: valid, and certainly empty.
const emptyWindow = (sentAtMs: number) => `?from=${sentAtMs - 49 * 3_600_000}&to=${sentAtMs - 48 * 3_600_000}`;

test("a time range with no data shows empty states", async ({ scenario, step, servicesPage, logsPage }) => {
  await step("services: empty", async () => {
    await servicesPage.goto(emptyWindow(scenario.sentAtMs));
    await expect(servicesPage.empty.first()).toBeVisible();
    await expect(servicesPage.rows).toHaveCount(0);
    await expect(servicesPage.error).toHaveCount(0);
  });

  await step("logs: empty", async () => {
    await logsPage.goto(emptyWindow(scenario.sentAtMs));
    await expect(logsPage.empty.first()).toBeVisible();
    await expect(logsPage.rows).toHaveCount(0);
    await expect(logsPage.error).toHaveCount(0);
  });
});

test("an unknown trace ID shows a not-found state", async ({ step, tracePage }) => {
  const unknown = "0123456789abcdef0123456789abcdef";
  await step("open a trace nobody sent", async () => {
    await tracePage.goto(unknown);
    const state = tracePage.empty.or(tracePage.error).first();
    await expect(state).toBeVisible();
    await expect(state).toContainText(/not found/i);
    await expect(tracePage.spanRows).toHaveCount(0);
  });
});

test("a malformed attribute filter in a pasted link is named, not silently ignored", async ({
  page,
  step,
  logsPage,
}) => {
  await step("open log search with one good and one unreadable attr filter", async () => {
    await logsPage.goto("?attr=http.route%3D%2Fapi%2Fcheckout&attr=novalue");
    const notice = page.getByTestId("invalid-filters");
    await expect(notice).toBeVisible();
    await expect(notice).toContainText("“novalue”");
  });
  await step("remove it from the link: the good filter stays", async () => {
    await page.getByRole("button", { name: "Remove from the link" }).click();
    await expect(page.getByTestId("invalid-filters")).toHaveCount(0);
    await expect(page).toHaveURL(/attr=http\.route%3D%2Fapi%2Fcheckout/);
    await expect(page).not.toHaveURL(/novalue/);
  });
});

test("a malformed query in the URL shows the api's message", async ({ scenario, step, metricsPage }) => {
  // The malformed part here is the metric explorer's step, which only the api validates.
  await step("open the metric explorer with step=banana", async () => {
    await metricsPage.goto(`?metric=${scenario.histogram.name}&step=banana`);
    await expect(metricsPage.error.first()).toBeVisible();
    await expect(metricsPage.error.first()).toContainText('"banana" is not a step such as 30s, 1m, 1h');
  });
});

test("an unreachable api shows error states", async ({ page, step, servicesPage }) => {
  // The browser's requests to the web app's /api/v1 proxy are aborted (route interception):
  // what a user sees when the connection drops. The proxy's own 502 for a dead api is the
  // same state with another message.
  await page.route("**/api/v1/**", (route) => route.abort("connectionrefused"));
  await step("services: error, not loading forever", async () => {
    await servicesPage.goto();
    await expect(servicesPage.error.first()).toBeVisible({ timeout: 30_000 });
    await expect(servicesPage.error.first()).toContainText(/did not answer/i);
    await expect(servicesPage.rows).toHaveCount(0);
  });
});
