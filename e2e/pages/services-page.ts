// /services: the service overview table.
import type { Locator, Page } from "@playwright/test";
import { AppShell } from "./app-shell.ts";

export class ServicesPage extends AppShell {
  readonly table: Locator;
  readonly rows: Locator;

  constructor(page: Page) {
    super(page);
    this.table = page.getByTestId("services-table");
    this.rows = page.getByTestId("service-row");
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/services${query}`);
  }

  row(service: string): Locator {
    return this.page.locator(`[data-testid="service-row"][data-service="${service}"]`);
  }

  /** Follows the row's link to the service page. */
  async open(service: string): Promise<void> {
    await this.row(service).getByRole("link").first().click();
  }
}
