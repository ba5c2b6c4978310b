// The specs' `test`: the recorded scenario, page objects keyed on data-testid, `step`, which
// runs a test step and saves a screenshot of its end as a test artifact, `signIn` for a second
// user's browser, and `pair`, an api+web pair of the spec's own (test.use({ pairSpec })).
import { readFileSync } from "node:fs";
import { test as base, expect, type Page } from "@playwright/test";
import { AlertPage } from "./pages/alert-page.ts";
import { AlertsPage } from "./pages/alerts-page.ts";
import { ChannelsPage } from "./pages/channels-page.ts";
import { LogsPage } from "./pages/logs-page.ts";
import { MetricsPage } from "./pages/metrics-page.ts";
import { RuleEditorPage } from "./pages/rule-editor-page.ts";
import { ServicePage } from "./pages/service-page.ts";
import { ServicesPage } from "./pages/services-page.ts";
import { AuditPage, CredentialsPage, UsersPage } from "./pages/settings-pages.ts";
import { LoginPage, SetupPage } from "./pages/sign-in-pages.ts";
import { TracePage } from "./pages/trace-page.ts";
import { TracesPage } from "./pages/traces-page.ts";
import { watchCspViolations } from "./support/csp-violations.ts";
import { paths } from "./support/env.ts";
import type { Scenario } from "./support/scenario-types.ts";
import { type PairSpec, type ServerPair, startServerPair } from "./support/server-pair.ts";

export type Step = <T>(title: string, body: () => Promise<T>) => Promise<T>;

interface PageFixtures {
  step: Step;
  servicesPage: ServicesPage;
  servicePage: ServicePage;
  tracesPage: TracesPage;
  tracePage: TracePage;
  logsPage: LogsPage;
  metricsPage: MetricsPage;
  alertsPage: AlertsPage;
  ruleEditorPage: RuleEditorPage;
  alertPage: AlertPage;
  channelsPage: ChannelsPage;
  loginPage: LoginPage;
  setupPage: SetupPage;
  usersPage: UsersPage;
  tokensPage: CredentialsPage;
  ingestKeysPage: CredentialsPage;
  auditPage: AuditPage;
  /** A browser of its own (no cookies) signed in as this user through /login, on the home page. */
  signIn: (email: string, password: string) => Promise<Page>;
  cspViolations: string[];
}

interface WorkerFixtures {
  scenario: Scenario;
  pairSpec: PairSpec | undefined;
  pair: ServerPair;
}

export const test = base.extend<PageFixtures, WorkerFixtures>({
  scenario: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies by destructuring
    async ({}, use) => use(JSON.parse(readFileSync(paths.scenario, "utf8")) as Scenario),
    { scope: "worker" },
  ],
  pairSpec: [undefined, { scope: "worker", option: true }],
  pair: [
    async ({ pairSpec }, use) => {
      if (pairSpec === undefined) throw new Error("the pair fixture needs test.use({ pairSpec })");
      const pair = await startServerPair(pairSpec);
      try {
        await use(pair);
      } finally {
        await pair.stop();
      }
    },
    { scope: "worker", timeout: 240_000 },
  ],
  step: async ({ page }, use, testInfo) => {
    let n = 0;
    await use(async (title, body) =>
      base.step(title, async () => {
        const result = await body();
        n++;
        const slug = title
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, "-")
          .replace(/^-|-$/g, "");
        const path = testInfo.outputPath(`${String(n).padStart(2, "0")}-${slug}.png`);
        await page.screenshot({ path, fullPage: true });
        await testInfo.attach(title, { path, contentType: "image/png" });
        return result;
      }),
    );
  },
  // Every spec fails on a CSP violation: the web's policy (apps/web/src/server/security-headers.ts)
  // must not block anything the UI does.
  cspViolations: [
    async ({ page }, use) => {
      const violations = await watchCspViolations(page);
      await use(violations);
      expect(violations, "Content-Security-Policy violations").toEqual([]);
    },
    { auto: true },
  ],
  servicesPage: async ({ page }, use) => use(new ServicesPage(page)),
  servicePage: async ({ page }, use) => use(new ServicePage(page)),
  tracesPage: async ({ page }, use) => use(new TracesPage(page)),
  tracePage: async ({ page }, use) => use(new TracePage(page)),
  logsPage: async ({ page }, use) => use(new LogsPage(page)),
  metricsPage: async ({ page }, use) => use(new MetricsPage(page)),
  alertsPage: async ({ page }, use) => use(new AlertsPage(page)),
  ruleEditorPage: async ({ page }, use) => use(new RuleEditorPage(page)),
  alertPage: async ({ page }, use) => use(new AlertPage(page)),
  channelsPage: async ({ page }, use) => use(new ChannelsPage(page)),
  loginPage: async ({ page }, use) => use(new LoginPage(page)),
  setupPage: async ({ page }, use) => use(new SetupPage(page)),
  usersPage: async ({ page }, use) => use(new UsersPage(page)),
  tokensPage: async ({ page }, use) => use(new CredentialsPage(page, "token")),
  ingestKeysPage: async ({ page }, use) => use(new CredentialsPage(page, "ingest-key")),
  auditPage: async ({ page }, use) => use(new AuditPage(page)),
  signIn: async ({ browser, baseURL }, use) => {
    const opened: { close(): Promise<void>; violations: string[] }[] = [];
    await use(async (email, password) => {
      const context = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
      const page = await context.newPage();
      opened.push({ close: () => context.close(), violations: await watchCspViolations(page) });
      const login = new LoginPage(page);
      await login.goto();
      await login.signIn(email, password);
      await expect(page.getByTestId("nav-user-email")).toHaveText(email);
      return page;
    });
    for (const { close } of opened) await close();
    expect(
      opened.flatMap((o) => o.violations),
      "Content-Security-Policy violations",
    ).toEqual([]);
  },
});

export { expect };
