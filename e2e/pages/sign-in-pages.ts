// /login and /setup: signing in with a password (or the OpenID provider), and the first run's
// admin account.
import type { Locator, Page } from "@playwright/test";

export class LoginPage {
  readonly root: Locator;
  readonly email: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly error: Locator;
  readonly oidc: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId("login-page");
    this.email = page.getByTestId("login-email");
    this.password = page.getByTestId("login-password");
    this.submit = page.getByTestId("login-submit");
    this.error = page.getByTestId("login-error");
    this.oidc = page.getByTestId("login-oidc");
  }

  async goto(returnTo?: string): Promise<void> {
    await this.page.goto(returnTo === undefined ? "/login" : `/login?returnTo=${encodeURIComponent(returnTo)}`);
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.email.fill(email);
    await this.password.fill(password);
    await this.submit.click();
  }
}

export class SetupPage {
  readonly root: Locator;
  readonly email: Locator;
  readonly name: Locator;
  readonly password: Locator;
  readonly confirm: Locator;
  readonly submit: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId("setup-page");
    this.email = page.getByTestId("setup-email");
    this.name = page.getByTestId("setup-name");
    this.password = page.getByTestId("setup-password");
    this.confirm = page.getByTestId("setup-confirm");
    this.submit = page.getByTestId("setup-submit");
    this.error = page.getByTestId("setup-error");
  }

  async createAdmin(admin: { email: string; name: string; password: string }): Promise<void> {
    await this.email.fill(admin.email);
    await this.name.fill(admin.name);
    await this.password.fill(admin.password);
    await this.confirm.fill(admin.password);
    await this.submit.click();
  }
}
