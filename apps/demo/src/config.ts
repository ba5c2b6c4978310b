// The demo's configuration: environment variables read once, validated with zod, handed down
// as a typed object. Nothing else reads process.env.
import { blankAsUnset, ConfigError, httpUrl, parseEnv } from "@tracelight/config";
import { z } from "zod";
import type { AdminCredentials } from "./api-token.ts";
import type { IncidentSchedule } from "./schedule.ts";
import { SERVICE_NAMES, type ServiceName } from "./services/service.ts";

export interface DemoConfig {
  /** OTLP/HTTP base URL without a trailing slash; signals go to `<endpoint>/v1/<signal>`. */
  otlpEndpoint: string;
  /** Load-generator requests per second. */
  rate: number;
  incident: IncidentSchedule;
  /** Stop after this many seconds; undefined → run until a signal. */
  durationS: number | undefined;
  /** Seeds every random choice (traffic mix, failures, latencies); random when unset. */
  seed: string;
  /** The query API that gets the demo's alert rules; undefined → no rules are created. */
  alertRulesApi: string | undefined;
  /**
   * How the demo may write there: an editor API token, or an admin's password to make one
   * with; undefined → it cannot, and says how to let it.
   */
  apiAccess: { token: string } | { admin: AdminCredentials } | undefined;
  /** Services that run with no OpenTelemetry SDK: only the eBPF agent sees them. */
  withoutSdk: readonly ServiceName[];
}

const seconds = (fallback: number) => blankAsUnset(z.coerce.number().min(0).default(fallback));

const EnvSchema = z.object({
  OTEL_EXPORTER_OTLP_ENDPOINT: blankAsUnset(httpUrl("http://127.0.0.1:4318").default("http://127.0.0.1:4318")),
  DEMO_RATE: blankAsUnset(z.coerce.number().positive().max(2000).default(8)),
  DEMO_INCIDENT_PERIOD_S: blankAsUnset(z.coerce.number().positive().default(120)),
  DEMO_INCIDENT_START_S: seconds(20),
  DEMO_INCIDENT_DURATION_S: seconds(40),
  DEMO_DURATION_S: blankAsUnset(z.coerce.number().positive().optional()),
  DEMO_SEED: blankAsUnset(z.string().optional()),
  DEMO_API_URL: blankAsUnset(httpUrl("http://127.0.0.1:3001").default("http://127.0.0.1:3001")),
  DEMO_ALERT_RULES: blankAsUnset(z.enum(["on", "off"]).default("on")),
  DEMO_API_TOKEN: blankAsUnset(z.string().optional()),
  // The api's own names: `npm start` gives the demo the admin it has the api create.
  TRACELIGHT_ADMIN_EMAIL: blankAsUnset(z.email().optional()),
  TRACELIGHT_ADMIN_PASSWORD: blankAsUnset(z.string().optional()),
  DEMO_WITHOUT_SDK: blankAsUnset(
    z
      .string()
      .default("inventory")
      .transform((v) => (v.trim() === "none" ? [] : v.split(",").map((s) => s.trim())))
      .pipe(z.array(z.enum(SERVICE_NAMES, { error: `must be none or a list of ${SERVICE_NAMES.join(", ")}` }))),
  ),
});

export { ConfigError };

/** Parses configuration; throws ConfigError naming every invalid variable. */
export function parseConfig(env: Readonly<Record<string, string | undefined>>): DemoConfig {
  const e = parseEnv(EnvSchema, env);
  if (e.DEMO_INCIDENT_START_S + e.DEMO_INCIDENT_DURATION_S > e.DEMO_INCIDENT_PERIOD_S) {
    throw new ConfigError(["DEMO_INCIDENT_START_S + DEMO_INCIDENT_DURATION_S must not exceed DEMO_INCIDENT_PERIOD_S"]);
  }
  return {
    otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, ""),
    rate: e.DEMO_RATE,
    incident: {
      periodS: e.DEMO_INCIDENT_PERIOD_S,
      startS: e.DEMO_INCIDENT_START_S,
      durationS: e.DEMO_INCIDENT_DURATION_S,
    },
    durationS: e.DEMO_DURATION_S,
    seed: e.DEMO_SEED ?? Math.random().toString(36).slice(2, 10),
    alertRulesApi: e.DEMO_ALERT_RULES === "on" ? e.DEMO_API_URL.replace(/\/+$/, "") : undefined,
    apiAccess: e.DEMO_API_TOKEN
      ? { token: e.DEMO_API_TOKEN }
      : e.TRACELIGHT_ADMIN_EMAIL && e.TRACELIGHT_ADMIN_PASSWORD
        ? { admin: { email: e.TRACELIGHT_ADMIN_EMAIL, password: e.TRACELIGHT_ADMIN_PASSWORD } }
        : undefined,
    withoutSdk: e.DEMO_WITHOUT_SDK,
  };
}
