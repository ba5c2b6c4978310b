// What every page has: the nav with the signed-in user, the time picker, the theme toggle, and
// the panel states; a page a role may not open shows the 403 page instead.
import type { Locator, Page } from "@playwright/test";

export class AppShell {
  readonly timePickerButton: Locator;
  readonly themeToggle: Locator;
  readonly loading: Locator;
  readonly empty: Locator;
  readonly error: Locator;
  /** The signed-in user: data-role is the role. */
  readonly user: Locator;
  readonly userEmail: Locator;
  readonly settings: Locator;
  readonly signOut: Locator;
  /** "Read-only: … needs the editor or admin role", where a viewer would have a write control. */
  readonly roleNote: Locator;
  readonly forbidden: Locator;

  constructor(readonly page: Page) {
    this.timePickerButton = page.getByTestId("time-picker-button");
    this.themeToggle = page.getByTestId("theme-toggle");
    this.loading = page.getByTestId("state-loading");
    this.empty = page.getByTestId("state-empty");
    this.error = page.getByTestId("state-error");
    this.user = page.getByTestId("nav-user");
    this.userEmail = page.getByTestId("nav-user-email");
    this.settings = page.getByTestId("nav-settings");
    this.signOut = page.getByTestId("nav-signout");
    this.roleNote = page.getByTestId("role-note");
    this.forbidden = page.getByTestId("forbidden");
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
