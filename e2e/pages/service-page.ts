// /services/<name>: RED charts with exemplar dots, top operations, recent errors.
import { expect, type Locator, type Page } from "@playwright/test";
import { AppShell } from "./app-shell.ts";
import { type ExemplarPixel, readExemplars } from "./chart.ts";

export class ServicePage extends AppShell {
  readonly latencyChart: Locator;
  readonly throughputChart: Locator;
  readonly errorChart: Locator;
  readonly topOperations: Locator;
  readonly recentErrors: Locator;

  constructor(page: Page) {
    super(page);
    this.latencyChart = page.getByTestId("latency-chart");
    this.throughputChart = page.getByTestId("throughput-chart");
    this.errorChart = page.getByTestId("error-chart");
    this.topOperations = page.getByTestId("top-operations");
    this.recentErrors = page.getByTestId("recent-errors");
  }

  async goto(service: string, query = ""): Promise<void> {
    await this.page.goto(`/services/${encodeURIComponent(service)}${query}`);
  }

  /** Waits until the latency chart publishes a dot for `traceId`, and returns it. */
  async exemplarFor(traceId: string): Promise<ExemplarPixel> {
    let found: ExemplarPixel | undefined;
    await expect
      .poll(
        async () => {
          const dots = await readExemplars(this.latencyChart);
          found = dots.find((d) => d.traceId === traceId);
          return found ? traceId : `dots for: ${dots.map((d) => d.traceId).join(", ") || "none"}`;
        },
        { message: `an exemplar dot for trace ${traceId} on latency-chart (data-exemplars)` },
      )
      .toBe(traceId);
    if (!found) throw new Error("unreachable");
    return found;
  }
}
