// /dashboards (the list, with import) and /dashboards/<id> (variables, panels, editor, and the
// grid whose panels edit mode drags by their title and resizes by their corner).
import type { Locator, Page } from "@playwright/test";
import { AppShell } from "./app-shell.ts";

export class DashboardsPage extends AppShell {
  readonly rows: Locator;
  readonly importInput: Locator;
  readonly title: Locator;
  readonly panels: Locator;
  readonly grid: Locator;
  readonly edit: Locator;
  readonly save: Locator;

  constructor(page: Page) {
    super(page);
    this.rows = page.getByTestId("dashboard-row");
    this.importInput = page.getByTestId("dashboard-import");
    this.title = page.getByTestId("dashboard-title");
    this.panels = page.getByTestId("dashboard-panel");
    this.grid = page.getByTestId("dashboard-grid");
    this.edit = page.getByTestId("dashboard-edit");
    this.save = page.getByTestId("dashboard-save");
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

  /** Where the page draws a panel: "column / span w, row / span h", as CSS grid takes it. */
  async cellOf(id: string): Promise<string> {
    return this.panel(id).evaluate(
      (el) => `${(el as HTMLElement).style.gridColumn}, ${(el as HTMLElement).style.gridRow}`,
    );
  }

  /** Drags a panel's title (or with `resize` its corner) by whole columns and rows of the grid. */
  async dragBy(id: string, columns: number, rows: number, options: { resize?: boolean } = {}): Promise<void> {
    const grid = await this.grid.boundingBox();
    const handle = await this.panel(id)
      .getByTestId(options.resize ? "panel-resize" : "panel-move")
      .boundingBox();
    if (grid === null || handle === null) throw new Error(`panel ${id} or the grid is not shown`);
    // A column is (width + gap) / 24 apart, a row 36 px + the 12 px gap (panel-frame.tsx).
    const dx = (columns * (grid.width + 12)) / 24;
    const dy = rows * 48;
    const x = handle.x + handle.width / 2;
    const y = handle.y + handle.height / 2;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    await this.page.mouse.move(x + dx, y + dy, { steps: 8 });
    await this.page.mouse.up();
  }
}
