// /alerts: the alert list (one row per alert instance, and an "ok" row per quiet rule).
import type { Locator, Page } from "@playwright/test";
import { AppShell } from "./app-shell.ts";

export class AlertsPage extends AppShell {
  readonly list: Locator;
  readonly newRule: Locator;
  readonly channels: Locator;
  readonly silences: Locator;

  constructor(page: Page) {
    super(page);
    this.list = page.getByTestId("alerts-list");
    this.newRule = page.getByTestId("alerts-new-rule");
    this.channels = page.getByTestId("alerts-channels");
    this.silences = page.getByTestId("alerts-silences");
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/alerts${query}`);
  }

  /** The rows of a rule, in a display state (firing, pending, silenced, resolved, ok) if given. */
  rows(rule: string, state?: string): Locator {
    const rows = this.list.locator(`[data-testid="alert-row"][data-rule="${rule}"]`);
    return state === undefined ? rows : rows.and(this.page.locator(`[data-state="${state}"]`));
  }
}
