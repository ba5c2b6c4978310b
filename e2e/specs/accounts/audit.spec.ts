// The audit log after the account specs (this project runs after views, see
// playwright.config.ts): the users, sign-ins, rule, API token and ingest key that
// roles.spec.ts and tokens.spec.ts made are listed with who did it, and the action filter
// narrows the list to one action or one family of actions.
import type { Locator } from "@playwright/test";
import { expect, test } from "../../fixtures.ts";
import type { AuditPage } from "../../pages/settings-pages.ts";
import { EDITOR, EDITOR_RULE, INGEST_KEY_NAME, TOKEN_NAME, VIEWER } from "../../support/accounts.ts";
import { ADMIN } from "../../support/env.ts";

/** The rows of `action` by `actor`, about `target` when given. */
function entries(audit: AuditPage, action: string, actor: string, target?: string): Locator {
  const rows = audit
    .rowsOf(action)
    .filter({ has: audit.page.getByTestId("audit-actor").getByText(actor, { exact: true }) });
  return target === undefined
    ? rows
    : rows.filter({ has: audit.page.getByTestId("audit-target").getByText(target, { exact: false }) });
}

/** Every row's data-action. */
const actions = (audit: AuditPage) =>
  audit.rows.evaluateAll((rows) => rows.map((r) => r.getAttribute("data-action") ?? ""));

test("the audit log lists who made which user, token, key and rule, and filters by action", async ({
  step,
  auditPage,
}) => {
  await step("everything the account specs did, with its actor", async () => {
    await auditPage.goto();
    await expect(auditPage.table).toBeVisible();
    const expected: [string, string, string | undefined][] = [
      ["login.success", ADMIN.email, undefined],
      ["login.success", VIEWER.email, undefined],
      ["login.success", EDITOR.email, undefined],
      ["user.create", "system", ADMIN.email],
      ["user.create", ADMIN.email, VIEWER.email],
      ["user.create", ADMIN.email, EDITOR.email],
      ["rule.create", EDITOR.email, EDITOR_RULE],
      ["token.create", ADMIN.email, TOKEN_NAME],
      ["token.revoke", ADMIN.email, TOKEN_NAME],
      ["ingest_key.create", ADMIN.email, INGEST_KEY_NAME],
      ["ingest_key.revoke", ADMIN.email, INGEST_KEY_NAME],
    ];
    for (const [action, actor, target] of expected) {
      const row = entries(auditPage, action, actor, target).first();
      await expect(row, `${action} by ${actor}`).toHaveAttribute("data-outcome", "success");
    }
  });

  await step("filter by user.create: the admin made at start, and the two users the admin made", async () => {
    await auditPage.filter("user.create");
    await expect(auditPage.rows).toHaveCount(3);
    expect(new Set(await actions(auditPage))).toEqual(new Set(["user.create"]));
    await expect(auditPage.rows.getByTestId("audit-target")).toContainText([EDITOR.email, VIEWER.email, ADMIN.email]);
  });

  await step("filter by the family token: made and revoked, nothing else", async () => {
    await auditPage.filter("token");
    await expect(entries(auditPage, "token.revoke", ADMIN.email, TOKEN_NAME)).toHaveCount(1);
    expect(new Set(await actions(auditPage))).toEqual(new Set(["token.create", "token.revoke"]));
  });

  await step("filter by action and actor: the editor's sign-in only", async () => {
    await auditPage.filter("login.success", EDITOR.email);
    await expect(auditPage.rows).toHaveCount(1);
    await expect(auditPage.rows.getByTestId("audit-actor")).toHaveText(EDITOR.email);
  });

  await step("a filter nothing matches: the empty state", async () => {
    await auditPage.filter("user.delete");
    await expect(auditPage.rows).toHaveCount(0);
    await expect(auditPage.empty).toBeVisible();
  });
});
