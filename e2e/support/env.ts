// Where the servers under test listen, read once from the environment (E2E_* so that the
// product's own API_PORT/OTLP_* variables, passed through by turbo, cannot redirect a run).
import { join } from "node:path";

function port(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 65535) throw new Error(`${name}: not a port: ${text}`);
  return value;
}

export const ports = {
  api: port("E2E_API_PORT", 4140),
  otlpHttp: port("E2E_OTLP_HTTP_PORT", 4141),
  otlpGrpc: port("E2E_OTLP_GRPC_PORT", 4142),
  web: port("E2E_WEB_PORT", 4143),
  /** Webhook receivers of the alert specs, in the test process: this port and the next. */
  webhook: port("E2E_WEBHOOK_PORT", 4230),
};

/** The e2e api evaluates alert rules this often (seconds). */
export const ALERT_EVAL_INTERVAL_S = 2;

export const urls = {
  api: `http://127.0.0.1:${ports.api}`,
  otlpHttp: `http://127.0.0.1:${ports.otlpHttp}`,
  web: `http://127.0.0.1:${ports.web}`,
};

export const paths = {
  e2e: join(import.meta.dirname, ".."),
  root: join(import.meta.dirname, "../.."),
  web: join(import.meta.dirname, "../../apps/web"),
  /** Test output: per-test screenshots and traces, and the scenario the run sent. */
  results: join(import.meta.dirname, "../test-results"),
  scenario: join(import.meta.dirname, "../test-results/scenario.json"),
};
