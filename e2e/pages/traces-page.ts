// /traces: trace search form and results.
import type { Locator, Page } from "@playwright/test";
import { AppShell } from "./app-shell.ts";

export class TracesPage extends AppShell {
  readonly form: Locator;
  readonly results: Locator;
  readonly rows: Locator;

  constructor(page: Page) {
    super(page);
    this.form = page.getByTestId("trace-search-form");
    this.results = page.getByTestId("trace-results");
    this.rows = this.results.getByTestId("trace-row");
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/traces${query}`);
  }

  async rowTraceIds(): Promise<string[]> {
    return this.rows.evaluateAll((rows) => rows.map((row) => row.getAttribute("data-trace-id") ?? ""));
  }
}
