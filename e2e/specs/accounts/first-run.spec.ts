// First run, on an api+web pair of its own started without TRACELIGHT_ADMIN_EMAIL: every page
// leads to /setup; creating the admin there signs it in; after that /setup is closed.
import { expect, test } from "../../fixtures.ts";
import { pairUrls } from "../../support/server-pair.ts";

const SLOT = 1;
const ADMIN = { email: "first@e2e.test", name: "First Admin", password: "first-run-password" };

test.use({
  pairSpec: { slot: SLOT, apiEnv: { TRACELIGHT_ADMIN_EMAIL: "", TRACELIGHT_ADMIN_PASSWORD: "" } },
  baseURL: pairUrls(SLOT).web,
  storageState: { cookies: [], origins: [] },
});

test("the first visit creates the admin, who is signed in; /setup is closed after that", async ({
  page,
  pair,
  step,
  setupPage,
  servicesPage,
}) => {
  await step("no user yet: / leads to /setup", async () => {
    const providers = await (await fetch(`${pair.urls.api}/api/v1/auth/providers`)).json();
    expect(providers).toMatchObject({ setupNeeded: true });
    await page.goto("/");
    await expect(page).toHaveURL(/\/setup$/);
    await expect(setupPage.root).toBeVisible();
  });

  await step("two passwords that differ are refused in the form", async () => {
    await setupPage.email.fill(ADMIN.email);
    await setupPage.name.fill(ADMIN.name);
    await setupPage.password.fill(ADMIN.password);
    await setupPage.confirm.fill(`${ADMIN.password}!`);
    await setupPage.submit.click();
    await expect(page.getByText("the two passwords differ")).toBeVisible();
    await expect(page).toHaveURL(/\/setup$/);
  });

  await step("create the admin: signed in on the home page", async () => {
    await setupPage.createAdmin(ADMIN);
    await expect(page).toHaveURL(`${pair.urls.web}/`);
    await expect(servicesPage.userEmail).toHaveText(ADMIN.email);
    await expect(servicesPage.user).toHaveAttribute("data-role", "admin");
    await expect(servicesPage.settings).toBeVisible();
  });

  await step("/setup now leads to the home page, and the api refuses a second setup", async () => {
    await page.goto("/setup");
    await expect(page).toHaveURL(new RegExp(`^${pair.urls.web}/(login)?$`));
    await expect(setupPage.root).toHaveCount(0);
    const again = await fetch(`${pair.urls.api}/api/v1/auth/setup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "second@e2e.test", name: "Second", password: "second-password" }),
    });
    expect(again.status).toBe(409);
  });

  await step("signed out, / leads to /login, not /setup", async () => {
    await servicesPage.signOut.click();
    await expect(page).toHaveURL(/\/login$/);
    await page.goto("/");
    await expect(page).toHaveURL(/\/login$/);
  });
});
