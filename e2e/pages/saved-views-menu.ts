// The saved-views menu and its Save view dialog, on log search, trace search and the metric explorer.
import type { Locator, Page } from "@playwright/test";

export class SavedViewsMenu {
  readonly menu: Locator;
  readonly save: Locator;
  readonly name: Locator;
  readonly submit: Locator;

  constructor(page: Page) {
    this.menu = page.getByTestId("saved-views-menu");
    this.save = page.getByTestId("save-view");
    this.name = page.getByTestId("save-view-name");
    this.submit = page.getByTestId("save-view-submit");
  }

  /** The id of the listed view named `name` (the option's value). */
  async idOf(name: string): Promise<string> {
    return (await this.menu.locator("option", { hasText: name }).getAttribute("value")) ?? "";
  }
}
