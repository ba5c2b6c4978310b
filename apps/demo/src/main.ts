// `npm start -w @tracelight/demo`: read config, start the demo services and load, stop on
// SIGINT/SIGTERM or after DEMO_DURATION_S (load drained, telemetry flushed), exit 0.
import { createDemoAlertRules } from "./alert-rules.ts";
import { ConfigError, parseConfig } from "./config.ts";
import { type RunningDemo, startDemo } from "./demo.ts";

function readConfig() {
  try {
    return parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`tracelight demo: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

const config = readConfig();
const say = (line: string) => process.stdout.write(`${line}\n`);
const { incident } = config;

say(`demo: sending OTLP to ${config.otlpEndpoint} at ${config.rate} requests/s (seed ${config.seed})`);
say(
  incident.durationS > 0
    ? `demo: incident from ${incident.startS} s to ${incident.startS + incident.durationS} s of every ${incident.periodS} s ` +
        "(checkout CPU slow path, payments card-processor timeouts)"
    : "demo: incident disabled",
);

let demo: RunningDemo;
try {
  demo = await startDemo(config, { log: say });
} catch (error) {
  process.stderr.write(`tracelight demo: could not start: ${error instanceof Error ? error.message : error}\n`);
  process.exit(1);
}
say(
  `demo: services up: ${Object.entries(demo.urls)
    .map(([name, url]) => `${name} ${url}`)
    .join(", ")}`,
);

const { alertRulesApi, apiAccess } = config;
if (alertRulesApi !== undefined && apiAccess === undefined) {
  say(
    "demo: no alert rules: the api needs credentials to create them — set TRACELIGHT_ADMIN_EMAIL and " +
      "TRACELIGHT_ADMIN_PASSWORD (an admin; the demo makes itself a token) or DEMO_API_TOKEN (an editor's API token)",
  );
} else if (alertRulesApi !== undefined && apiAccess !== undefined) {
  // Optional: the demo's traffic does not depend on it, so a failure is reported, not fatal.
  createDemoAlertRules(alertRulesApi, apiAccess, say).then(
    (done) => say(`demo: ${done}`),
    (error: unknown) =>
      say(`demo: could not create alert rules at ${alertRulesApi}: ${error instanceof Error ? error.message : error}`),
  );
}

let stopping = false;
async function stop(reason: string) {
  if (stopping) return;
  stopping = true;
  say(`demo: stopping (${reason}): draining load, flushing telemetry`);
  try {
    await demo.stop();
    say(`demo: stopped; sent ${demo.load.totals.sent} requests, ${demo.load.totals.errors} errors`);
    process.exit(0);
  } catch (error) {
    process.stderr.write(`tracelight demo: stop failed: ${error instanceof Error ? error.message : error}\n`);
    process.exit(1);
  }
}

process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
if (config.durationS !== undefined) {
  setTimeout(() => void stop(`${config.durationS} s elapsed`), config.durationS * 1000);
}
