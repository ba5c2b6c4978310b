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

/**
 * The e2e api's ingest key (TRACELIGHT_INGEST_KEYS), which every OTLP sender here presents:
 * OTLP requires a key from the start, so that a key made and revoked in the UI
 * (specs/accounts/tokens.spec.ts) cannot lock out or open OTLP for the specs running beside it.
 */
export const INGEST_KEY = "tl_e2e_shared_ingest_key";
export const OTLP_HEADERS = { "x-tracelight-key": INGEST_KEY };

/** The admin the e2e api makes at start (TRACELIGHT_ADMIN_EMAIL/_PASSWORD in start-api.ts). */
export const ADMIN = { email: "admin@e2e.test", password: "e2e-admin-password" };

/**
 * The ports of an extra api+web pair (support/server-pair.ts) for a spec that needs a server of
 * its own: slot n listens 10·n above the shared pair (api, OTLP/HTTP, OTLP/gRPC, web), and
 * gets the port after its web for a helper of its own (an OpenID provider). Slots 1–4: slot 5
 * would put its api on 4190, a port fetch and browsers refuse.
 */
export function pairPorts(slot: number) {
  const at = (port: number) => port + 10 * slot;
  return {
    api: at(ports.api),
    otlpHttp: at(ports.otlpHttp),
    otlpGrpc: at(ports.otlpGrpc),
    web: at(ports.web),
    extra: at(ports.web) + 1,
  };
}

export const paths = {
  e2e: join(import.meta.dirname, ".."),
  root: join(import.meta.dirname, "../.."),
  web: join(import.meta.dirname, "../../apps/web"),
  /** Test output: per-test screenshots and traces, and the scenario the run sent. */
  results: join(import.meta.dirname, "../test-results"),
  scenario: join(import.meta.dirname, "../test-results/scenario.json"),
  /** The admin's browser state (its session cookie), signed in through /login by global setup. */
  adminState: join(import.meta.dirname, "../test-results/.auth/admin.json"),
  /** An admin API token made by global setup, for what specs send the api directly. */
  apiToken: join(import.meta.dirname, "../test-results/.auth/api-token.txt"),
};
