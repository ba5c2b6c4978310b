// Playwright: real Chromium (Debian's, see scripts/setup-system.sh) against the real api (fresh
// data directory each run) and a production build of the web app, fed by the OTel SDK in
// global setup. Screenshots of every step, and traces of failed tests, go to test-results/.
import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH, missingChromium } from "../scripts/chromium.ts";
import { paths, urls } from "./support/env.ts";

const missing = missingChromium();
if (missing !== undefined) throw new Error(missing);

export default defineConfig({
  testDir: "./specs",
  outputDir: "./test-results",
  timeout: 90_000,
  expect: { timeout: 15_000 },
  // The api and the web server are shared; two workers keep a 2-core machine responsive.
  workers: 2,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: [["list"], ["./reporters/summary-reporter.ts"]],
  projects: [
    { name: "views", testIgnore: [/alerts.*\.spec\.ts$/, /audit\.spec\.ts$/, /dashboard-exemplar\.spec\.ts$/] },
    // The alert specs (and the dashboard exemplar's) send live traffic of slow, failing requests
    // into the shared api, which the views' exact counts would see: they run after the views are
    // done. Alone: `npx playwright test specs/alerts.spec.ts --no-deps`.
    { name: "alerts", testMatch: [/alerts.*\.spec\.ts$/, /dashboard-exemplar\.spec\.ts$/], dependencies: ["views"] },
    // The audit log lists what the account specs (in views) did.
    { name: "audit", testMatch: /audit\.spec\.ts$/, dependencies: ["views"] },
  ],
  // Signs the admin in (every spec starts with its session), makes an API token and sends the data.
  globalSetup: "./support/global-setup.ts",
  use: {
    baseURL: urls.web,
    storageState: paths.adminState,
    browserName: "chromium",
    viewport: { width: 1440, height: 900 },
    colorScheme: "light",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
  },
  webServer: [
    {
      name: "api",
      command: "node --import tsx support/start-api.ts",
      url: `${urls.api}/readyz`,
      timeout: 120_000,
      reuseExistingServer: false,
      gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    },
    {
      name: "web",
      // Builds first when the web sources changed (a minute or more on a busy machine).
      command: "node --import tsx support/start-web.ts",
      url: urls.web,
      timeout: 600_000,
      reuseExistingServer: false,
      gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
      stdout: "pipe",
    },
  ],
});
