// The saved-views menu, its Save view dialog and its Pin to dashboard dialog, on log search,
// trace search and the metric explorer.
import type { Locator, Page } from "@playwright/test";

export class SavedViewsMenu {
  readonly menu: Locator;
  readonly save: Locator;
  readonly name: Locator;
  readonly submit: Locator;
  readonly pin: Locator;
  readonly pinView: Locator;
  readonly pinDashboard: Locator;
  readonly pinSubmit: Locator;
  /** The link to the dashboard pinned to. */
  readonly pinOpen: Locator;

  constructor(page: Page) {
    this.menu = page.getByTestId("saved-views-menu");
    this.save = page.getByTestId("save-view");
    this.name = page.getByTestId("save-view-name");
    this.submit = page.getByTestId("save-view-submit");
    this.pin = page.getByTestId("pin-view");
    this.pinView = page.getByTestId("pin-view-view");
    this.pinDashboard = page.getByTestId("pin-view-dashboard");
    this.pinSubmit = page.getByTestId("pin-view-submit");
    this.pinOpen = page.getByTestId("pin-view-open");
  }

  /** The id of the listed view named `name` (the option's value). */
  async idOf(name: string): Promise<string> {
    return (await this.menu.locator("option", { hasText: name }).getAttribute("value")) ?? "";
  }
}
