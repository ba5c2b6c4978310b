// /logs: log search (full text, trace ID, service, severity), volume histogram, results, live tail.
import type { Locator, Page } from "@playwright/test";
import { AppShell } from "./app-shell.ts";

export class LogsPage extends AppShell {
  readonly queryInput: Locator;
  readonly traceIdInput: Locator;
  readonly serviceSelect: Locator;
  readonly severitySelect: Locator;
  readonly submit: Locator;
  readonly histogram: Locator;
  readonly results: Locator;
  readonly rows: Locator;
  readonly count: Locator;
  readonly liveTail: Locator;

  constructor(page: Page) {
    super(page);
    this.queryInput = page.getByTestId("log-query-input");
    this.traceIdInput = page.getByTestId("log-traceid-input");
    this.serviceSelect = page.getByTestId("log-service-select");
    this.severitySelect = page.getByTestId("log-severity-select");
    this.submit = page.getByTestId("log-search-submit");
    this.histogram = page.getByTestId("log-histogram");
    this.results = page.getByTestId("log-results");
    this.rows = this.results.getByTestId("log-row");
    this.count = page.getByTestId("log-count");
    this.liveTail = page.getByTestId("live-tail-toggle");
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/logs${query}`);
  }

  async rowTraceIds(): Promise<string[]> {
    return this.rows.evaluateAll((rows) => rows.map((row) => row.getAttribute("data-trace-id") ?? ""));
  }

  /** The number in the `log-count` text ("6 logs", "Showing 6 of 6", …: the first number). */
  async shownCount(): Promise<number | undefined> {
    const text = (await this.count.textContent()) ?? "";
    const m = /\d[\d,]*/.exec(text);
    return m ? Number(m[0].replaceAll(",", "")) : undefined;
  }
}
