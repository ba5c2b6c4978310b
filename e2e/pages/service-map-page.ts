// /service-map: the graph of services and the table of calls under it.
import type { Locator, Page } from "@playwright/test";
import { AppShell } from "./app-shell.ts";

export class ServiceMapPage extends AppShell {
  readonly chart: Locator;
  readonly calls: Locator;

  constructor(page: Page) {
    super(page);
    this.chart = page.getByTestId("service-map-chart");
    this.calls = page.getByTestId("service-map-call");
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/service-map${query}`);
  }

  call(from: string, to: string): Locator {
    return this.page.locator(`[data-testid="service-map-call"][data-from="${from}"][data-to="${to}"]`);
  }
}
