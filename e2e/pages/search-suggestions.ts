// The autocomplete list under a search-language box (log search, trace search, log rules).
import type { Locator, Page } from "@playwright/test";

export class SearchSuggestions {
  readonly list: Locator;
  readonly options: Locator;

  constructor(page: Page) {
    this.list = page.getByTestId("search-suggestions");
    this.options = this.list.getByTestId("search-suggestion");
  }

  /** The suggestion that inserts `text`. */
  option(text: string): Locator {
    return this.list.locator(`[data-testid="search-suggestion"][data-value="${text}"]`);
  }
}
