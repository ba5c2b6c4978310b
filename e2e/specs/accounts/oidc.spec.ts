// Single sign-on through a real OpenID provider (packages/auth/testing/oidc-provider-main.ts,
// its own process), on an api+web pair of its own configured for it: "Sign in with …" on
// /login, the provider's login and consent pages, and back on the page asked for, signed in
// with the role the provider's claim names; signing out leads to /login.
import { type ChildServer, startChildServer } from "@tracelight/testkit";
import { test as base, expect } from "../../fixtures.ts";
import { AlertsPage } from "../../pages/alerts-page.ts";
import { pairPorts } from "../../support/env.ts";
import { pairUrls } from "../../support/server-pair.ts";

const SLOT = 2;
const WEB = pairUrls(SLOT).web;
const ISSUER = `http://127.0.0.1:${pairPorts(SLOT).extra}`;
const CLIENT = { id: "tracelight-e2e", secret: "tracelight-e2e-client-secret" };
const PROVIDER_NAME = "E2E Identity";
/** The provider's account: `sub` is what its login form takes; the role rides on the "tracelight" scope. */
const GRACE = { sub: "grace", email: "grace@sso.e2e.test", name: "Grace Hopper", role: "editor" };

const test = base.extend<object, { oidcProvider: ChildServer }>({
  oidcProvider: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies by destructuring
    async ({}, use) => {
      const provider = await startChildServer({
        name: "OpenID provider",
        args: [
          ...["--import", "tsx", "packages/auth/testing/oidc-provider-main.ts"],
          ...["--port", String(pairPorts(SLOT).extra)],
          ...["--redirect-uri", `${WEB}/api/auth/sso/callback/oidc`],
          ...["--accounts", JSON.stringify([GRACE])],
          ...["--client-id", CLIENT.id, "--client-secret", CLIENT.secret],
        ],
        readyUrl: `${ISSUER}/.well-known/openid-configuration`,
      });
      await use(provider);
      await provider.stop();
    },
    { scope: "worker" },
  ],
});

test.use({
  pairSpec: {
    slot: SLOT,
    apiEnv: {
      TRACELIGHT_OIDC_ISSUER: ISSUER,
      TRACELIGHT_OIDC_CLIENT_ID: CLIENT.id,
      TRACELIGHT_OIDC_CLIENT_SECRET: CLIENT.secret,
      TRACELIGHT_OIDC_SCOPES: "openid email profile tracelight",
      TRACELIGHT_OIDC_NAME: PROVIDER_NAME,
    },
  },
  baseURL: WEB,
  storageState: { cookies: [], origins: [] },
});

test("signing in through the OpenID provider lands on the page asked for, with the claim's role", async ({
  page,
  step,
  oidcProvider,
  pair,
  loginPage,
}) => {
  // It prints its issuer once it listens: the one the api was given.
  expect(oidcProvider.output()).toContain(ISSUER);
  const alerts = new AlertsPage(page);

  await step("signed out, /alerts leads to /login, which offers the provider", async () => {
    await page.goto("/alerts");
    await expect(page).toHaveURL(/\/login\?returnTo=%2Falerts$/);
    await expect(loginPage.oidc).toHaveText(`Sign in with ${PROVIDER_NAME}`);
  });

  await step("the provider's login page: sign in as grace", async () => {
    await loginPage.oidc.click();
    await expect(page).toHaveURL(new RegExp(`^${ISSUER}/`));
    await page.locator('input[name="login"]').fill(GRACE.sub);
    await page.locator('input[name="password"]').fill("any password will do");
    await page.locator('button[type="submit"]').click();
  });

  await step("the provider's consent page: continue", async () => {
    await expect(page).toHaveURL(new RegExp(`^${ISSUER}/`));
    await expect(page.locator('input[name="prompt"][value="consent"]')).toBeAttached();
    await page.locator('button[type="submit"]').click();
  });

  await step("back on /alerts, signed in as grace with the editor role from the claim", async () => {
    await expect(page).toHaveURL(`${pair.urls.web}/alerts`);
    await expect(alerts.userEmail).toHaveText(GRACE.email);
    await expect(alerts.user).toHaveAttribute("data-role", GRACE.role);
    await expect(alerts.newRule).toBeVisible();
    await expect(alerts.settings).toHaveCount(0);
  });

  await step("sign out: /login, and the pages ask for sign-in again", async () => {
    await alerts.signOut.click();
    await expect(page).toHaveURL(`${pair.urls.web}/login`);
    await page.goto("/alerts");
    await expect(page).toHaveURL(/\/login\?returnTo=%2Falerts$/);
  });
});
