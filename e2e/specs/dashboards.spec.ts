// The built-in Service overview: its panels on the grid, $service chosen from the services in
// the data and kept in the URL across a reload, substituted into the panels' queries; then the
// dashboard exported as a file and imported back as a copy.
import { expect, test } from "../fixtures.ts";
import { DashboardsPage } from "../pages/dashboards-page.ts";
import { SERVICES } from "../support/scenario-traces.ts";

const OVERVIEW = "Service overview (RED)";

test("open the Service overview, switch $service, reload, export and import it", async ({ page, step }) => {
  const dashboards = new DashboardsPage(page);

  await step("the list has the built-in Service overview; open it", async () => {
    await dashboards.goto();
    const row = dashboards.row(OVERVIEW);
    await expect(row.getByTestId("dashboard-builtin")).toBeVisible();
    await row.getByRole("link", { name: OVERVIEW, exact: true }).click();
    await expect(dashboards.title).toHaveText(OVERVIEW);
    await expect(dashboards.panels).toHaveCount(6);
  });

  await step("choose checkout for $service", async () => {
    await expect(dashboards.variable("service").locator("option", { hasText: SERVICES.checkout })).toHaveCount(1);
    await dashboards.variable("service").selectOption(SERVICES.checkout);
    await expect(page).toHaveURL(/[?&]var-service=checkout(&|$)/);
    const volume = dashboards.panel("log-volume").getByTestId("panel-open");
    await expect(volume).toHaveText("Open in log search");
    await expect(volume).toHaveAttribute("href", /^\/logs\?.*service=checkout/);
    await expect(dashboards.panel("error-traces").getByTestId("panel-open")).toHaveAttribute(
      "href",
      /^\/traces\?.*service=checkout.*status=Error|^\/traces\?.*status=Error.*service=checkout/,
    );
  });

  await step("a reload keeps $service", async () => {
    await page.reload();
    await expect(page).toHaveURL(/[?&]var-service=checkout(&|$)/);
    await expect(dashboards.variable("service")).toHaveValue(SERVICES.checkout);
    await expect(dashboards.panels).toHaveCount(6);
    // Every panel answered (the agent's metrics are not in the scenario: those say no data).
    await expect(dashboards.loading).toHaveCount(0);
    await expect(dashboards.error).toHaveCount(0);
  });

  const file = test.info().outputPath("service-overview.json");
  await step("export the dashboard as a file", async () => {
    await dashboards.goto();
    const download = page.waitForEvent("download");
    await dashboards.row(OVERVIEW).getByTestId("dashboard-export").click();
    const saved = await download;
    expect(saved.suggestedFilename()).toBe(`${OVERVIEW}.json`);
    await saved.saveAs(file);
  });

  await step("import the file: a copy under a free name opens", async () => {
    await dashboards.importInput.setInputFiles(file);
    await expect(page).toHaveURL(/\/dashboards\/[^/?]+$/);
    await expect(dashboards.title).toHaveText(/^Service overview \(RED\) \(\d+\)$/);
    await expect(dashboards.panels).toHaveCount(6);
    await dashboards.goto();
    await expect(dashboards.rows.filter({ hasText: /Service overview \(RED\) \(\d+\)/ }).first()).toBeVisible();
  });
});
