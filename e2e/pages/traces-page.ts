// /traces: trace search form, duration scatter and results.
import type { Locator, Page } from "@playwright/test";
import { AppShell } from "./app-shell.ts";
import { type ExemplarPixel, readExemplars } from "./chart.ts";

export class TracesPage extends AppShell {
  readonly form: Locator;
  readonly results: Locator;
  readonly rows: Locator;
  readonly scatter: Locator;

  constructor(page: Page) {
    super(page);
    this.form = page.getByTestId("trace-search-form");
    this.results = page.getByTestId("trace-results");
    this.rows = this.results.getByTestId("trace-row");
    this.scatter = page.getByTestId("trace-scatter");
  }

  /** Clicks a column's sort button: "time" (Start) or "duration". */
  async sortBy(sort: "time" | "duration"): Promise<void> {
    await this.results.getByTestId(`sort-${sort}`).click();
  }

  async scatterDots(): Promise<ExemplarPixel[]> {
    return readExemplars(this.scatter);
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/traces${query}`);
  }

  async rowTraceIds(): Promise<string[]> {
    return this.rows.evaluateAll((rows) => rows.map((row) => row.getAttribute("data-trace-id") ?? ""));
  }
}
