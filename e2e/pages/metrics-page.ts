// /metrics: the metric explorer (metric, aggregation, step, filters, group by, highlighted
// window, chart with exemplar dots).
import type { Locator, Page } from "@playwright/test";
import { AppShell } from "./app-shell.ts";

export class MetricsPage extends AppShell {
  readonly metricSelect: Locator;
  readonly aggSelect: Locator;
  readonly groupBy: Locator;
  readonly chart: Locator;
  readonly stepSelect: Locator;
  readonly filterChips: Locator;
  readonly highlight: Locator;

  constructor(page: Page) {
    super(page);
    this.metricSelect = page.getByTestId("metric-select");
    this.aggSelect = page.getByTestId("metric-agg-select");
    this.groupBy = page.getByTestId("metric-groupby");
    this.chart = page.getByTestId("metric-chart");
    this.stepSelect = page.getByTestId("metric-step-select");
    this.filterChips = page.getByTestId("metric-filter-chip");
    this.highlight = page.getByTestId("metric-highlight");
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/metrics${query}`);
  }

  /** Picks a metric whether the picker is a native <select> or an input with suggestions. */
  async pickMetric(name: string): Promise<void> {
    const tag = await this.metricSelect.evaluate((el) => el.tagName.toLowerCase());
    if (tag === "select") {
      await this.metricSelect.selectOption(name);
    } else if (tag === "input") {
      await this.metricSelect.fill(name);
      await this.metricSelect.press("Enter");
    } else {
      await this.metricSelect.click();
      await this.page.getByRole("option", { name, exact: true }).click();
    }
  }
}
