// What every page has: the nav, the time picker, the theme toggle, and the panel states.
import type { Locator, Page } from "@playwright/test";

export class AppShell {
  readonly timePickerButton: Locator;
  readonly themeToggle: Locator;
  readonly loading: Locator;
  readonly empty: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.timePickerButton = page.getByTestId("time-picker-button");
    this.themeToggle = page.getByTestId("theme-toggle");
    this.loading = page.getByTestId("state-loading");
    this.empty = page.getByTestId("state-empty");
    this.error = page.getByTestId("state-error");
  }

  nav(view: "home" | "services" | "metrics" | "traces" | "logs" | "alerts"): Locator {
    return this.page.getByTestId(`nav-${view}`);
  }

  /** "dark" or "light", from the class the theme puts on <html>. */
  async theme(): Promise<"dark" | "light"> {
    const dark = await this.page.locator("html").evaluate((html) => html.classList.contains("dark"));
    return dark ? "dark" : "light";
  }
}
