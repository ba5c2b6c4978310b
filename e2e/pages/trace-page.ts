// /traces/<id>: header, waterfall of span rows, span detail, the trace's logs.
import type { Locator, Page } from "@playwright/test";
import { AppShell } from "./app-shell.ts";

export interface SpanRowData {
  spanId: string;
  service: string;
  name: string;
  error: boolean;
}

export class TracePage extends AppShell {
  readonly header: Locator;
  readonly waterfall: Locator;
  readonly spanRows: Locator;
  readonly spanDetail: Locator;
  readonly logs: Locator;
  readonly logRows: Locator;
  readonly openInLogSearch: Locator;

  constructor(page: Page) {
    super(page);
    this.header = page.getByTestId("trace-header");
    this.waterfall = page.getByTestId("trace-waterfall");
    this.spanRows = this.waterfall.getByTestId("span-row");
    this.spanDetail = page.getByTestId("span-detail");
    this.logs = page.getByTestId("trace-logs");
    this.logRows = this.logs.getByTestId("trace-log-row");
    this.openInLogSearch = page.getByTestId("open-in-log-search");
  }

  async goto(traceId: string, spanId?: string): Promise<void> {
    await this.page.goto(`/traces/${traceId}${spanId ? `?span=${spanId}` : ""}`);
  }

  spanRow(spanId: string): Locator {
    return this.waterfall.locator(`[data-testid="span-row"][data-span-id="${spanId}"]`);
  }

  /** Every span row's data attributes, in the order shown. */
  async spanRowData(): Promise<SpanRowData[]> {
    return this.spanRows.evaluateAll((rows) =>
      rows.map((row) => ({
        spanId: row.getAttribute("data-span-id") ?? "",
        service: row.getAttribute("data-service") ?? "",
        name: row.getAttribute("data-span-name") ?? "",
        error: row.getAttribute("data-error") === "true",
      })),
    );
  }

  async logTraceIds(): Promise<string[]> {
    return this.logRows.evaluateAll((rows) => rows.map((row) => row.getAttribute("data-trace-id") ?? ""));
  }
}
