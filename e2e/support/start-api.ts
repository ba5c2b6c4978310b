// Playwright webServer: the api (ingest + query, embedded chDB) on the e2e ports with a data
// directory wiped at every start, so each run sees only the data it sent; the e2e admin and
// ingest key (env.ts).
// An extra pair (support/server-pair.ts) adds or blanks settings with E2E_API_ENV (JSON).
// Not @tracelight/testkit's startApiProcess: Playwright starts this command before any worker
// and owns its lifetime, on the fixed ports its config and the specs know.
import { spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ADMIN, ALERT_EVAL_INTERVAL_S, INGEST_KEY, paths, ports, urls } from "./env.ts";

const dataDir = join(tmpdir(), `tracelight-e2e-${ports.api}`);
rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });

// The api's own settings come from here only: a developer's TRACELIGHT_*, CLICKHOUSE_URL,
// DATABASE_URL or ALERT_* (an ingest key, a real server or database) must not leak into the run.
const OWN = new Set(["CLICKHOUSE_URL", "DATABASE_URL"]);
const env: NodeJS.ProcessEnv = {};
for (const [key, value] of Object.entries(process.env)) {
  if (!key.startsWith("TRACELIGHT_") && !key.startsWith("ALERT_") && !OWN.has(key)) env[key] = value;
}
const api = spawn(process.execPath, ["--import", "tsx", "apps/api/src/main.ts"], {
  cwd: paths.root,
  stdio: "inherit",
  env: {
    ...env,
    TRACELIGHT_DATA_DIR: dataDir,
    TRACELIGHT_HOST: "127.0.0.1",
    API_PORT: String(ports.api),
    OTLP_HTTP_PORT: String(ports.otlpHttp),
    OTLP_GRPC_PORT: String(ports.otlpGrpc),
    // Alerts fire within seconds of a breach (specs/alerts.spec.ts), and notifications link
    // back to the web app under test.
    ALERT_EVAL_INTERVAL_S: String(ALERT_EVAL_INTERVAL_S),
    TRACELIGHT_PUBLIC_URL: urls.web,
    TRACELIGHT_INGEST_KEYS: INGEST_KEY,
    TRACELIGHT_ADMIN_EMAIL: ADMIN.email,
    TRACELIGHT_ADMIN_PASSWORD: ADMIN.password,
    ...(JSON.parse(process.env.E2E_API_ENV ?? "{}") as Record<string, string>),
  },
});

const stop = (signal: NodeJS.Signals) => api.kill(signal);
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
api.on("exit", (code, signal) => {
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(code ?? (signal ? 1 : 0));
});
