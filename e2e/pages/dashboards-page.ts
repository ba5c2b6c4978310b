// /dashboards (the list, with import) and /dashboards/<id> (variables, panels, editor).
import type { Locator, Page } from "@playwright/test";
import { AppShell } from "./app-shell.ts";

export class DashboardsPage extends AppShell {
  readonly rows: Locator;
  readonly importInput: Locator;
  readonly title: Locator;
  readonly panels: Locator;

  constructor(page: Page) {
    super(page);
    this.rows = page.getByTestId("dashboard-row");
    this.importInput = page.getByTestId("dashboard-import");
    this.title = page.getByTestId("dashboard-title");
    this.panels = page.getByTestId("dashboard-panel");
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/dashboards${query}`);
  }

  row(name: string): Locator {
    return this.rows.filter({ has: this.page.getByRole("link", { name, exact: true }) });
  }

  variable(name: string): Locator {
    return this.page.getByTestId(`variable-${name}`);
  }

  panel(id: string): Locator {
    return this.page.locator(`[data-testid="dashboard-panel"][data-panel="${id}"]`);
  }
}
