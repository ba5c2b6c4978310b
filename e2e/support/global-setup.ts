// Runs once, after the api and web servers are up: sends the scenario over OTLP, waits until
// the query API returns all of it, and records what was sent for the specs.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { paths, urls } from "./env.ts";
import { sendScenario } from "./scenario.ts";
import { waitForScenario } from "./wait-for-data.ts";

export default async function globalSetup(): Promise<void> {
  const scenario = await sendScenario(urls.otlpHttp);
  await waitForScenario(urls.api, scenario);
  mkdirSync(dirname(paths.scenario), { recursive: true });
  writeFileSync(paths.scenario, `${JSON.stringify(scenario, null, 2)}\n`);
  const ids = scenario.traces.map((t) => `${t.kind} ${t.traceId}`).join(", ");
  console.log(`[e2e] scenario sent and readable: ${ids}`);
}
