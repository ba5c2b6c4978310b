// Runs once, after the api and web servers are up: signs the admin in through the real /login
// page and keeps the browser state every spec starts from (playwright.config.ts storageState),
// makes an admin API token with that session for what specs send the api directly, then sends
// the scenario over OTLP, waits until the query API returns all of it, and records what was
// sent for the specs. Global setup rather than a setup project: it also runs for
// `--no-deps` runs (the alert specs alone), and a session from an earlier run is void, as the
// api's data directory is wiped at every start.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { chromium, expect } from "@playwright/test";
import type { CreatedSecret } from "@tracelight/contracts";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../../scripts/chromium.ts";
import { LoginPage } from "../pages/sign-in-pages.ts";
import { ADMIN, paths, urls } from "./env.ts";
import { sendScenario } from "./scenario.ts";
import { waitForScenario } from "./wait-for-data.ts";

async function signInAdmin(): Promise<void> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ baseURL: urls.web });
    const page = await context.newPage();
    const login = new LoginPage(page);
    await page.goto("/services");
    await expect(page).toHaveURL(/\/login\?returnTo=%2Fservices$/);
    await login.signIn(ADMIN.email, ADMIN.password);
    await expect(page).toHaveURL(/\/services$/);
    await expect(page.getByTestId("nav-user")).toHaveAttribute("data-role", "admin");
    mkdirSync(dirname(paths.adminState), { recursive: true });
    await context.storageState({ path: paths.adminState });

    const response = await context.request.post("/api/v1/tokens", { data: { name: "e2e", role: "admin" } });
    if (response.status() !== 201) throw new Error(`POST /api/v1/tokens: HTTP ${response.status()}`);
    writeFileSync(paths.apiToken, `${((await response.json()) as CreatedSecret).token}\n`, { mode: 0o600 });
  } finally {
    await browser.close();
  }
}

export default async function globalSetup(): Promise<void> {
  await signInAdmin();
  const scenario = await sendScenario(urls.otlpHttp);
  await waitForScenario(urls.api, scenario);
  mkdirSync(dirname(paths.scenario), { recursive: true });
  writeFileSync(paths.scenario, `${JSON.stringify(scenario, null, 2)}\n`);
  const ids = scenario.traces.map((t) => `${t.kind} ${t.traceId}`).join(", ");
  console.log(`[e2e] scenario sent and readable: ${ids}`);
}
