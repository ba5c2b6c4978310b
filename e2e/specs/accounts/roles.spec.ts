// Roles end to end on the shared pair: the admin adds a viewer and an editor under Settings →
// Users; each signs in through /login in a browser of their own. The viewer reads but has no
// write controls (a note names the role they need), gets the 403 page on an admin page, and the
// api refuses its writes; the editor makes a rule in the rule editor. specs/accounts/
// audit.spec.ts finds these users, their sign-ins and the rule in the audit log.
import { expect, test } from "../../fixtures.ts";
import { AlertsPage } from "../../pages/alerts-page.ts";
import { RuleEditorPage } from "../../pages/rule-editor-page.ts";
import { UsersPage } from "../../pages/settings-pages.ts";
import { EDITOR, EDITOR_RULE, VIEWER } from "../../support/accounts.ts";
import { ADMIN } from "../../support/env.ts";

test("an admin adds a viewer and an editor; each can do what the role allows, and no more", async ({
  page,
  step,
  signIn,
  usersPage,
  scenario,
}) => {
  await step("the admin adds a viewer and an editor", async () => {
    await usersPage.goto();
    await expect(usersPage.row(ADMIN.email)).toBeVisible();
    for (const user of [VIEWER, EDITOR]) {
      await usersPage.add(user);
      await expect(usersPage.created).toContainText(user.email);
      await expect(usersPage.row(user.email)).toHaveAttribute("data-disabled", "false");
      await expect(usersPage.role(user.email)).toHaveValue(user.role);
    }
  });

  const viewer = await step("the viewer signs in", async () => {
    const viewerPage = await signIn(VIEWER.email, VIEWER.password);
    const alerts = new AlertsPage(viewerPage);
    await expect(alerts.user).toHaveAttribute("data-role", "viewer");
    await expect(alerts.settings).toHaveCount(0);
    return viewerPage;
  });

  await step("the viewer reads the alerts, without New rule and with the role note", async () => {
    const alerts = new AlertsPage(viewer);
    await alerts.goto();
    await expect(alerts.list).toBeVisible();
    await expect(alerts.roleNote.first()).toContainText("Read-only: creating rules");
    await expect(alerts.newRule).toHaveCount(0);
  });

  await step("the viewer gets the 403 page on Settings → Users", async () => {
    const response = await viewer.goto("/settings/users");
    expect(response?.status()).toBe(403);
    const users = new UsersPage(viewer);
    await expect(users.forbidden).toBeVisible();
    await expect(users.forbidden).toContainText(VIEWER.email);
    await expect(users.table).toHaveCount(0);
  });

  await step("the api refuses the viewer's write with its own session cookie", async () => {
    const response = await viewer.request.post("/api/v1/alert-rules", { data: { name: "not allowed" } });
    expect(response.status()).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: "forbidden" } });
    // And reads what it may.
    expect((await viewer.request.get("/api/v1/alert-rules")).status()).toBe(200);
  });

  const editor = await step("the editor signs in and opens the new-rule page", async () => {
    const editorPage = await signIn(EDITOR.email, EDITOR.password);
    const alerts = new AlertsPage(editorPage);
    await expect(alerts.user).toHaveAttribute("data-role", "editor");
    await alerts.goto();
    await alerts.newRule.click();
    await expect(editorPage).toHaveURL(/\/alerts\/rules\/new$/);
    return editorPage;
  });

  await step("the editor makes a rule in the editor: it is listed", async () => {
    const ruleEditor = new RuleEditorPage(editor);
    await expect(ruleEditor.form).toBeVisible();
    await ruleEditor.name.fill(EDITOR_RULE);
    await ruleEditor.pickMetric(scenario.histogram.name);
    await ruleEditor.aggregation.selectOption("count");
    await ruleEditor.op.selectOption(">");
    // Never reached: the rule stays quiet and notifies no one.
    await ruleEditor.threshold.fill("1000000");
    await ruleEditor.save.click();
    await expect(editor).toHaveURL(/\/alerts$/);
    await expect(new AlertsPage(editor).rows(EDITOR_RULE, "ok")).toHaveCount(1);
  });

  await step("the admin sees the editor's rule too", async () => {
    const alerts = new AlertsPage(page);
    await alerts.goto();
    await expect(alerts.rows(EDITOR_RULE)).toHaveCount(1);
  });
});
