// The built-in Service overview: its panels on the grid, $service chosen from the services in
// the data and kept in the URL across a reload, substituted into the panels' queries; then the
// dashboard exported as a file and imported back as a copy. A dashboard's panels dragged and
// resized in edit mode keep their places once saved; a saved log search pinned to a dashboard is
// a panel of the same logs.
import type { DashboardView } from "@tracelight/contracts";
import { expect, test } from "../fixtures.ts";
import { DashboardsPage } from "../pages/dashboards-page.ts";
import { SavedViewsMenu } from "../pages/saved-views-menu.ts";
import { authHeaders } from "../support/api-auth.ts";
import { urls } from "../support/env.ts";
import { SERVICES } from "../support/scenario-traces.ts";

/** A dashboard of the test's own, made through the api. */
async function createDashboard(doc: object): Promise<DashboardView> {
  const res = await fetch(`${urls.api}/api/v1/dashboards`, {
    method: "POST",
    headers: { ...authHeaders(), "content-type": "application/json" },
    body: JSON.stringify(doc),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as DashboardView;
}

async function readDashboard(id: string): Promise<DashboardView> {
  const res = await fetch(`${urls.api}/api/v1/dashboards/${id}`, { headers: authHeaders() });
  return (await res.json()) as DashboardView;
}

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

  await step("choose checkout and payments: panels show both, log search opens with both", async () => {
    await dashboards.variable("service").selectOption([SERVICES.checkout, SERVICES.payments]);
    await expect(page).toHaveURL(
      /var-service=checkout.*var-service=payments|var-service=payments.*var-service=checkout/,
    );
    await expect(dashboards.loading).toHaveCount(0);
    await expect(dashboards.error).toHaveCount(0);
    const href = await dashboards.panel("log-volume").getByTestId("panel-open").getAttribute("href");
    const q = new URL(href ?? "", "http://x").searchParams.get("q") ?? "";
    expect(q).toMatch(/service:\((checkout OR payments|payments OR checkout)\)/);
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

const note = (id: string, x: number, y: number, w: number, h: number) => ({
  id,
  title: `Note ${id}`,
  kind: "markdown",
  grid: { x, y, w, h },
  options: { text: `Panel ${id}` },
});

test("drag a panel to a new place and resize one, save, reload: the layout is kept", async ({ page, step }) => {
  const dashboards = new DashboardsPage(page);
  // a | b on the first row, c full width under them
  const doc = await createDashboard({
    name: `Layout ${Date.now()}`,
    panels: [note("a", 0, 0, 12, 4), note("b", 12, 0, 12, 4), note("c", 0, 4, 24, 4)],
  });

  await step("open it: no handles outside edit mode", async () => {
    await page.goto(`/dashboards/${doc.id}`);
    await expect(dashboards.panels).toHaveCount(3);
    await expect(page.getByTestId("panel-move")).toHaveCount(0);
    expect(await dashboards.cellOf("c")).toBe("1 / span 24, 5 / span 4");
  });

  await step("edit: drag c above a and b", async () => {
    await dashboards.edit.click();
    await expect(page.getByTestId("panel-move")).toHaveCount(3);
    await dashboards.dragBy("c", 0, -4);
    await expect.poll(() => dashboards.cellOf("c")).toBe("1 / span 24, 1 / span 4");
    expect(await dashboards.cellOf("a")).toBe("1 / span 12, 5 / span 4");
    expect(await dashboards.cellOf("b")).toBe("13 / span 12, 5 / span 4");
  });

  await step("resize a by its corner: 6 columns wider, 2 rows taller, b goes below it", async () => {
    await dashboards.dragBy("a", 6, 2, { resize: true });
    await expect.poll(() => dashboards.cellOf("a")).toBe("1 / span 18, 5 / span 6");
    expect(await dashboards.cellOf("b")).toBe("13 / span 12, 11 / span 4");
  });

  await step("save, reload: the same places", async () => {
    await dashboards.save.click();
    await expect(page.getByTestId("dashboard-editor")).toHaveCount(0);
    await page.reload();
    await expect(dashboards.panels).toHaveCount(3);
    expect(await dashboards.cellOf("c")).toBe("1 / span 24, 1 / span 4");
    expect(await dashboards.cellOf("a")).toBe("1 / span 18, 5 / span 6");
    expect(await dashboards.cellOf("b")).toBe("13 / span 12, 11 / span 4");
    const saved = await readDashboard(doc.id);
    expect(Object.fromEntries(saved.panels.map((p) => [p.id, p.grid]))).toEqual({
      a: { x: 0, y: 4, w: 18, h: 6 },
      b: { x: 12, y: 10, w: 12, h: 4 },
      c: { x: 0, y: 0, w: 24, h: 4 },
    });
  });
});

test("pin a saved log search to a dashboard and see its panel", async ({ page, scenario, step, logsPage }) => {
  const dashboards = new DashboardsPage(page);
  const views = new SavedViewsMenu(page);
  const target = await createDashboard({ name: `Pinned ${Date.now()}`, panels: [note("n", 0, 0, 24, 4)] });
  const name = `payments errors to pin ${Date.now()}`;
  const expected = scenario.traces.flatMap((t) =>
    t.logs.filter((l) => l.service === "payments" && l.severity === "ERROR").map(() => t.traceId),
  );

  await step("save payments' errors as a view", async () => {
    await logsPage.goto("?service=payments&severity=ERROR");
    await expect(logsPage.rows).toHaveCount(expected.length);
    await views.save.click();
    await views.name.fill(name);
    await views.submit.click();
    await expect(views.menu.locator("option", { hasText: name })).toHaveCount(1);
  });

  await step("pin it to the dashboard", async () => {
    await views.pin.click();
    // Another spec may have saved a view of the same search: choose this one by name.
    await views.pinView.selectOption({ label: name });
    await views.pinDashboard.selectOption({ label: target.name });
    await views.pinSubmit.click();
    await expect(views.pinOpen).toHaveAttribute("href", `/dashboards/${target.id}`);
  });

  await step("the dashboard has a logs panel of exactly those logs", async () => {
    await views.pinOpen.click();
    await expect(dashboards.title).toHaveText(target.name);
    const panel = dashboards.panel("panel-2");
    await expect(panel).toHaveAttribute("data-kind", "logs");
    await expect(panel).toContainText(name);
    await expect(panel.getByTestId("log-row")).toHaveCount(expected.length);
    expect(await dashboards.cellOf("panel-2")).toBe("1 / span 24, 5 / span 8");
  });

  await step("full screen shows the panel alone, Close brings the grid back", async () => {
    await dashboards.panel("panel-2").getByTestId("panel-full-screen").click();
    await expect(dashboards.panels).toHaveCount(1);
    await expect(dashboards.panel("panel-2").getByTestId("log-row")).toHaveCount(expected.length);
    await dashboards.panel("panel-2").getByTestId("panel-full-screen").click();
    await expect(dashboards.panels).toHaveCount(2);
  });

  await step("the panel opens log search with the view's query", async () => {
    await dashboards.panel("panel-2").getByTestId("panel-open").click();
    await expect(page).toHaveURL(/\/logs\?.*service=payments/);
    await expect(page).toHaveURL(/[?&]severity=ERROR/);
    await expect(logsPage.rows).toHaveCount(expected.length);
    expect(await logsPage.rowTraceIds()).toEqual(expected);
  });
});
