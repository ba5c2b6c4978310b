// /alerts/rules/new and /alerts/rules/<id>: the rule form and its live preview.
import type { Locator, Page } from "@playwright/test";
import { AppShell } from "./app-shell.ts";

export class RuleEditorPage extends AppShell {
  readonly form: Locator;
  readonly name: Locator;
  readonly metricPicker: Locator;
  readonly aggregation: Locator;
  readonly filterInput: Locator;
  readonly filterChips: Locator;
  readonly window: Locator;
  readonly op: Locator;
  readonly threshold: Locator;
  readonly thresholdUnit: Locator;
  readonly forDuration: Locator;
  readonly severity: Locator;
  readonly summary: Locator;
  readonly preview: Locator;
  readonly previewChart: Locator;
  readonly previewSummary: Locator;
  readonly save: Locator;

  constructor(page: Page) {
    super(page);
    this.form = page.getByTestId("rule-editor");
    this.name = page.getByTestId("rule-name-input");
    this.metricPicker = page.getByTestId("rule-metric-field").getByTestId("metric-select");
    this.aggregation = page.getByTestId("rule-agg-select");
    this.filterInput = page.getByTestId("rule-filters-field").getByTestId("log-attr-input");
    this.filterChips = page.getByTestId("rule-filters-field").getByTestId("log-attr-chip");
    this.window = page.getByTestId("rule-window-input");
    this.op = page.getByTestId("rule-op-select");
    this.threshold = page.getByTestId("rule-threshold-input");
    this.thresholdUnit = page.getByTestId("rule-threshold-unit-select");
    this.forDuration = page.getByTestId("rule-for-input");
    this.severity = page.getByTestId("rule-severity-select");
    this.summary = page.getByTestId("rule-summary-input");
    this.preview = page.getByTestId("rule-preview");
    this.previewChart = page.getByTestId("rule-preview-chart");
    this.previewSummary = page.getByTestId("rule-preview-summary");
    this.save = page.getByTestId("rule-save");
  }

  async gotoNew(): Promise<void> {
    await this.page.goto("/alerts/rules/new");
  }

  /** Opens the metric picker, types part of the name and clicks the metric's option. */
  async pickMetric(name: string): Promise<void> {
    await this.metricPicker.click();
    await this.metricPicker.fill(name);
    await this.page.locator(`[data-testid="metric-option"][data-metric="${name}"]`).click();
  }

  /** Adds a `key=value` filter chip. */
  async addFilter(filter: string): Promise<void> {
    await this.filterInput.fill(filter);
    await this.filterInput.press("Enter");
  }

  channel(name: string): Locator {
    return this.page.locator(`[data-testid="rule-channel-option"][data-channel="${name}"]`).getByRole("checkbox");
  }
}
