// /settings/*: users, API tokens and ingest keys (one layout, test ids prefixed by kind), and the
// audit log.
import type { Locator, Page } from "@playwright/test";
import type { Role } from "@tracelight/contracts";
import { AppShell } from "./app-shell.ts";

export class UsersPage extends AppShell {
  readonly form: Locator;
  readonly create: Locator;
  readonly created: Locator;
  readonly table: Locator;

  constructor(page: Page) {
    super(page);
    this.form = page.getByTestId("user-form");
    this.create = page.getByTestId("user-create");
    this.created = page.getByTestId("user-created");
    this.table = page.getByTestId("users-table");
  }

  async goto(): Promise<void> {
    await this.page.goto("/settings/users");
  }

  row(email: string): Locator {
    return this.page.locator(`[data-testid="user-row"][data-email="${email}"]`);
  }

  async add(user: { email: string; name: string; role: Role; password: string }): Promise<void> {
    await this.page.getByTestId("user-new-email").fill(user.email);
    await this.page.getByTestId("user-new-name").fill(user.name);
    await this.page.getByTestId("user-new-role").selectOption(user.role);
    await this.page.getByTestId("user-new-password").fill(user.password);
    await this.create.click();
  }

  role(email: string): Locator {
    return this.page.getByTestId(`user-role-${email}`);
  }
}

/** /settings/tokens (kind "token") and /settings/ingest-keys (kind "ingest-key"). */
export class CredentialsPage extends AppShell {
  readonly form: Locator;
  readonly name: Locator;
  readonly role: Locator;
  readonly expiry: Locator;
  readonly create: Locator;
  /** The secret, shown once: its value is the input's. */
  readonly secret: Locator;
  readonly secretBox: Locator;
  readonly dismiss: Locator;
  /** Why creating or revoking failed. */
  readonly formError: Locator;
  readonly table: Locator;

  constructor(
    page: Page,
    readonly kind: "token" | "ingest-key",
  ) {
    super(page);
    this.form = page.getByTestId(`${kind}-form`);
    this.name = page.getByTestId(`${kind}-name`);
    this.role = page.getByTestId(`${kind}-role`);
    this.expiry = page.getByTestId(`${kind}-expiry`);
    this.create = page.getByTestId(`${kind}-create`);
    this.secret = page.getByTestId(`${kind}-secret`);
    this.secretBox = page.getByTestId(`${kind}-secret-box`);
    this.dismiss = page.getByTestId(`${kind}-secret-dismiss`);
    this.formError = page.getByTestId(`${kind}-error`);
    this.table = page.getByTestId(`${kind}-table`);
  }

  async goto(): Promise<void> {
    await this.page.goto(this.kind === "token" ? "/settings/tokens" : "/settings/ingest-keys");
  }

  row(name: string): Locator {
    return this.page.locator(`[data-testid="${this.kind}-row"][data-name="${name}"]`);
  }

  /** Creates one and returns the secret the page shows for it. */
  async add(name: string, role?: Role): Promise<string> {
    await this.name.fill(name);
    if (role !== undefined) await this.role.selectOption(role);
    await this.create.click();
    await this.secretBox.waitFor();
    return this.secret.inputValue();
  }

  async revoke(name: string): Promise<void> {
    await this.page.getByTestId(`${this.kind}-revoke-${name}`).click();
    await this.page.getByTestId(`${this.kind}-revoke-${name}-yes`).click();
  }
}

export class AuditPage extends AppShell {
  readonly log: Locator;
  readonly actionFilter: Locator;
  readonly actorFilter: Locator;
  readonly apply: Locator;
  readonly table: Locator;
  readonly rows: Locator;
  readonly older: Locator;

  constructor(page: Page) {
    super(page);
    this.log = page.getByTestId("audit-log");
    this.actionFilter = page.getByTestId("audit-filter-action");
    this.actorFilter = page.getByTestId("audit-filter-actor");
    this.apply = page.getByTestId("audit-filter-apply");
    this.table = page.getByTestId("audit-table");
    this.rows = page.getByTestId("audit-row");
    this.older = page.getByTestId("audit-older");
  }

  async goto(): Promise<void> {
    await this.page.goto("/settings/audit");
  }

  rowsOf(action: string): Locator {
    return this.page.locator(`[data-testid="audit-row"][data-action="${action}"]`);
  }

  async filter(action: string, actor = ""): Promise<void> {
    await this.actionFilter.fill(action);
    await this.actorFilter.fill(actor);
    await this.apply.click();
  }
}
