// /alerts/<id>: one alert — state, evidence traces and log lines, state history with each
// event's deliveries, the way into the metric view, and the silence form.
import type { Locator, Page } from "@playwright/test";
import { AppShell } from "./app-shell.ts";

export class AlertPage extends AppShell {
  readonly detail: Locator;
  readonly ruleName: Locator;
  readonly openMetric: Locator;
  readonly evidenceTraces: Locator;
  readonly evidenceLogs: Locator;
  readonly events: Locator;
  readonly silence: Locator;
  readonly silencePanel: Locator;
  readonly silenceCreated: Locator;

  constructor(page: Page) {
    super(page);
    this.detail = page.getByTestId("alert-detail");
    this.ruleName = page.getByTestId("alert-rule-name");
    this.openMetric = page.getByTestId("alert-open-metric");
    this.evidenceTraces = page.getByTestId("alert-evidence-traces").getByTestId("evidence-trace");
    this.evidenceLogs = page.getByTestId("alert-evidence-logs").getByTestId("evidence-log");
    this.events = page.getByTestId("alert-history").getByTestId("alert-event");
    this.silence = page.getByTestId("alert-silence");
    this.silencePanel = page.getByTestId("alert-silence-panel");
    this.silenceCreated = page.getByTestId("alert-silence-created");
  }

  async goto(id: string): Promise<void> {
    await this.page.goto(`/alerts/${encodeURIComponent(id)}`);
  }

  /** The alert's id, from the page's URL. */
  id(): string {
    const id = /\/alerts\/([^/?#]+)/.exec(new URL(this.page.url()).pathname)?.[1];
    if (id === undefined) throw new Error(`not an alert page: ${this.page.url()}`);
    return decodeURIComponent(id);
  }

  /** State-history entries that moved into `state`, newest first. */
  eventsTo(state: string): Locator {
    return this.events.and(this.page.locator(`[data-state="${state}"]`));
  }

  /** An event's delivery rows (data-status: sent, silenced, …). */
  deliveries(event: Locator): Locator {
    return event.getByTestId("delivery-row");
  }

  async evidenceTraceIds(): Promise<string[]> {
    return this.evidenceTraces.evaluateAll((rows) => rows.map((row) => row.getAttribute("data-trace-id") ?? ""));
  }
}
