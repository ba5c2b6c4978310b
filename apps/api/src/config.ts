// The service's configuration: environment variables and the `--role` flag, read once,
// validated with zod, handed down as a typed object. Nothing else reads process.env.
import { join, resolve } from "node:path";
import { blankAsUnset, ConfigError, commaList, hostNames, httpUrl, parseEnv, port } from "@tracelight/config";
import {
  INSTANT_RANGE_MESSAGE,
  isStorableInstant,
  type OriginPolicy,
  originPolicy,
  parseDurationMs,
  parseInstant,
} from "@tracelight/contracts";
import { MAX_TTL_DAYS } from "@tracelight/store";
import { z } from "zod";
import { type AccountsConfig, AccountsEnvSchema, accountsConfig, checkAccountsEnv } from "./auth/auth-config.ts";
import { parseHostRule } from "./egress/host-rules.ts";
import { DEFAULT_TIME_LIMITS, type IngestTimeLimits } from "./ingest/time-window.ts";
import { DEFAULT_TIMEOUTS, type ServerTimeouts } from "./server-timeouts.ts";

export const ROLES = ["ingest", "query", "alerts"] as const;
export type Role = (typeof ROLES)[number];
/** Not a serving role: applies the schema; alone (`--role migrate`), the process then exits. */
export const MIGRATE_ROLE = "migrate";

export interface Config {
  /** Interface every listener binds to. */
  host: string;
  otlpHttpPort: number;
  otlpGrpcPort: number;
  apiPort: number;
  /** Unset → embedded chDB under `<dataDir>/clickhouse`. */
  clickhouseUrl: string | undefined;
  dataDir: string;
  ttlDays: { traces: number; logs: number; metrics: number };
  /** Which TRACELIGHT_TTL_* were set: only those change the TTL of tables Tracelight did not create. */
  ttlExplicit: { traces: boolean; logs: boolean; metrics: boolean };
  /** Accepted OTLP ingest keys; empty → OTLP is open. */
  ingestKeys: string[];
  /** Largest OTLP request body, compressed and decompressed alike (HTTP and gRPC). */
  maxBodyBytes: number;
  ingest: IngestLimits;
  /** Client time limits on every HTTP listener (TRACELIGHT_*_TIMEOUT_MS). */
  timeouts: ServerTimeouts;
  /** The serving roles; empty for the migrate job alone. */
  roles: ReadonlySet<Role>;
  schema: SchemaSettings;
  /** The metadata database (rules, channels, alerts): `file:` SQLite or `postgresql://`. */
  databaseUrl: string;
  alerts: AlertSettings;
  /** Sign-in, sessions, the first admin and OpenID Connect (src/auth/auth-config.ts). */
  accounts: AccountsConfig;
  /** Host names the query API answers to and origins it takes writes from (not OTLP's). */
  originPolicy: OriginPolicy;
  /** How often self-metrics are sent; 0: never (TRACELIGHT_SELF_METRICS_INTERVAL_S). */
  selfMetricsIntervalMs: number;
  /** The OTLP/HTTP base URL they go to; unset → this process's own listener, when it runs ingest. */
  selfMetricsUrl: string | undefined;
}

/**
 * Who changes the ClickHouse schema. Only the migrate role on a ClickHouse server, so read-only
 * replicas can start and replicas never race on ALTERs; embedded chDB (one process owns the
 * store) keeps migrating at start (TRACELIGHT_MIGRATE=auto).
 */
export interface SchemaSettings {
  /** At start: apply the migrations, or check that the migrate job has (and wait for it). */
  atStart: "apply" | "check";
  /** `--role migrate` alone: apply, then exit. */
  jobOnly: boolean;
  /** `--print` (with --role migrate): print the ClickHouse DDL and exit; no database needed. */
  print: boolean;
  /** TRACELIGHT_CLICKHOUSE_CLUSTER or --cluster: DDL ON CLUSTER, replicated and Distributed tables. */
  cluster: string | undefined;
  /** How long a checking process waits for the migrate job before refusing (TRACELIGHT_SCHEMA_WAIT_S). */
  waitMs: number;
}

export interface AlertSettings {
  /** How often the evaluator runs (ALERT_EVAL_INTERVAL_S). */
  evalIntervalMs: number;
  /** Alert events, deliveries and ended silences are kept this long (TRACELIGHT_ALERT_RETENTION_DAYS). */
  retentionDays: number;
  /** Base URL of the web UI, for the links in notifications. */
  publicUrl: string;
  /** Hosts, IPs and CIDRs notifications may go to (empty: any but link-local and metadata) and may not. */
  webhookAllow: string[];
  webhookDeny: string[];
}

export interface IngestLimits {
  /** Rows (spans, log records, data points) held in memory, queued or being written. */
  maxQueuedRows: number;
  /** Bytes held in memory: request bodies (decompressed) being received and decoded, then
   * their rows as encoded Native blocks, queued or being written. */
  maxQueuedBytes: number;
  /** Largest group-commit batch, in rows (a single bigger request still goes alone). */
  maxBatchRows: number;
  /** Seconds a client is told to wait (Retry-After) when the queue is full. */
  retryAfterSeconds: number;
  /** Group-commit writes in flight at once per signal (and chDB insert sessions). */
  writeConcurrency: number;
  /** Item times stored, beside the retention (TRACELIGHT_INGEST_MIN_TIME, _MAX_FUTURE); DEFAULT_TIME_LIMITS when absent. */
  times?: IngestTimeLimits;
}

const MiB = 1024 * 1024;

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const ttlDays = (fallback: number) => z.coerce.number().int().min(1).max(MAX_TTL_DAYS).default(fallback);
/** A comma-separated list of host names (`*.example.com` for subdomains), IPs and CIDRs. */
const hostList = commaList()
  .refine((entries) => entries.every((entry) => parseHostRule(entry) !== undefined), {
    error: (issue) =>
      `not a host name, IP or CIDR: ${(issue.input as string[]).filter((e) => parseHostRule(e) === undefined).join(", ")}`,
  })
  .default([]);
/** An absolute instant (RFC 3339 or epoch ms): the earliest item time ingest stores. */
const minTime = blankAsUnset(
  z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined) return DEFAULT_TIME_LIMITS.minTimeMs;
      const instant = parseInstant(text);
      if (instant === undefined || !("ms" in instant)) {
        ctx.addIssue({
          code: "custom",
          message: "must be an RFC 3339 time or epoch milliseconds, e.g. 2000-01-01T00:00:00Z",
        });
        return z.NEVER;
      }
      if (!isStorableInstant(instant.ms)) {
        ctx.addIssue({ code: "custom", message: INSTANT_RANGE_MESSAGE });
        return z.NEVER;
      }
      return instant.ms;
    }),
);
/** A duration such as 1d or 6h: how far ahead of the server's clock an item time may be. */
const maxFuture = blankAsUnset(
  z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined) return DEFAULT_TIME_LIMITS.maxFutureMs;
      const ms = parseDurationMs(text);
      if (ms === undefined) {
        ctx.addIssue({ code: "custom", message: "must be a duration such as 1d, 6h or 30m" });
        return z.NEVER;
      }
      return ms;
    }),
);

const EnvSchema = AccountsEnvSchema.extend({
  TRACELIGHT_HOST: z.string().min(1).default("127.0.0.1"),
  OTLP_HTTP_PORT: port(4318, { listen: true }),
  OTLP_GRPC_PORT: port(4317, { listen: true }),
  API_PORT: port(3001, { listen: true }),
  CLICKHOUSE_URL: blankAsUnset(httpUrl("http://localhost:8123").optional()),
  TRACELIGHT_DATA_DIR: z.string().min(1).default("./data"),
  TRACELIGHT_TTL_TRACES_DAYS: ttlDays(7),
  TRACELIGHT_TTL_LOGS_DAYS: ttlDays(7),
  TRACELIGHT_TTL_METRICS_DAYS: ttlDays(30),
  TRACELIGHT_INGEST_MIN_TIME: minTime,
  TRACELIGHT_INGEST_MAX_FUTURE: maxFuture,
  TRACELIGHT_INGEST_KEYS: commaList().default([]),
  TRACELIGHT_MAX_BODY_BYTES: positiveInt(16 * MiB),
  TRACELIGHT_INGEST_MAX_QUEUED_ROWS: positiveInt(200_000),
  TRACELIGHT_INGEST_MAX_QUEUED_BYTES: positiveInt(128 * MiB),
  TRACELIGHT_INGEST_MAX_BATCH_ROWS: positiveInt(50_000),
  TRACELIGHT_RETRY_AFTER_SECONDS: positiveInt(1),
  TRACELIGHT_INGEST_WRITE_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  TRACELIGHT_HEADERS_TIMEOUT_MS: positiveInt(DEFAULT_TIMEOUTS.headersMs),
  TRACELIGHT_REQUEST_TIMEOUT_MS: positiveInt(DEFAULT_TIMEOUTS.requestMs),
  TRACELIGHT_KEEPALIVE_TIMEOUT_MS: positiveInt(DEFAULT_TIMEOUTS.keepAliveMs),
  TRACELIGHT_IDLE_TIMEOUT_MS: positiveInt(DEFAULT_TIMEOUTS.idleMs),
  TRACELIGHT_ROLE: z.string().optional(),
  TRACELIGHT_MIGRATE: z.enum(["auto", "apply", "check"]).default("auto"),
  TRACELIGHT_SCHEMA_WAIT_S: z.coerce.number().int().min(0).max(86_400).default(300),
  TRACELIGHT_CLICKHOUSE_CLUSTER: blankAsUnset(
    z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a cluster name from remote_servers (letters, digits, _)")
      .optional(),
  ),
  DATABASE_URL: blankAsUnset(
    z
      .string()
      .regex(/^(file:|postgres(ql)?:\/\/)/, "must be file:<path> (SQLite) or postgresql://… (PostgreSQL)")
      .optional(),
  ),
  ALERT_EVAL_INTERVAL_S: z.coerce.number().int().min(1).max(3600).default(30),
  TRACELIGHT_ALERT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  TRACELIGHT_PUBLIC_URL: httpUrl("http://localhost:3000").default("http://localhost:3000"),
  TRACELIGHT_ALLOWED_HOSTS: hostNames,
  TRACELIGHT_WEBHOOK_ALLOW: hostList,
  TRACELIGHT_WEBHOOK_DENY: hostList,
  TRACELIGHT_SELF_METRICS_INTERVAL_S: z.coerce.number().int().min(0).max(3600).default(15),
  TRACELIGHT_SELF_METRICS_URL: blankAsUnset(httpUrl("http://ingest:4318").optional()),
}).superRefine(checkAccountsEnv);

export { ConfigError };

/** `--name value` or `--name=value` from argv; the last one wins. */
function flagValue(argv: readonly string[], name: string, example: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === name) {
      value = argv[i + 1];
      if (value === undefined || value.startsWith("--"))
        throw new ConfigError([`${name} needs a value, e.g. ${name} ${example}`]);
      i++;
    } else if (arg.startsWith(`${name}=`)) {
      value = arg.slice(name.length + 1);
    }
  }
  return value;
}

const ROLE_CHOICES = [...ROLES, MIGRATE_ROLE].join(", ");

function parseRoles(text: string | undefined): { roles: ReadonlySet<Role>; migrate: boolean } {
  if (text === undefined) return { roles: new Set(ROLES), migrate: false };
  const names = text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (names.length === 0) throw new ConfigError([`role: empty; choose from ${ROLE_CHOICES}`]);
  const roles = new Set<Role>();
  let migrate = false;
  for (const name of names) {
    if (name === MIGRATE_ROLE) migrate = true;
    else if ((ROLES as readonly string[]).includes(name)) roles.add(name as Role);
    else throw new ConfigError([`role: unknown role "${name}"; choose from ${ROLE_CHOICES}`]);
  }
  return { roles, migrate };
}

function schemaSettings(
  e: z.infer<typeof EnvSchema>,
  argv: readonly string[],
  migrateRole: boolean,
  serving: boolean,
): SchemaSettings {
  const cluster = flagValue(argv, "--cluster", "tracelight") ?? e.TRACELIGHT_CLICKHOUSE_CLUSTER;
  if (cluster !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(cluster)) {
    throw new ConfigError([`--cluster: "${cluster}" must be a cluster name from remote_servers (letters, digits, _)`]);
  }
  const print = argv.includes("--print");
  if (print && (!migrateRole || serving)) throw new ConfigError(["--print goes with --role migrate alone"]);
  if (cluster !== undefined && !e.CLICKHOUSE_URL && !print) {
    throw new ConfigError(["TRACELIGHT_CLICKHOUSE_CLUSTER needs CLICKHOUSE_URL: embedded chDB is not a cluster"]);
  }
  const auto = e.CLICKHOUSE_URL ? "check" : "apply";
  const chosen = e.TRACELIGHT_MIGRATE === "auto" ? auto : e.TRACELIGHT_MIGRATE;
  return {
    atStart: migrateRole ? "apply" : chosen,
    jobOnly: migrateRole && !serving,
    print,
    cluster,
    waitMs: e.TRACELIGHT_SCHEMA_WAIT_S * 1000,
  };
}

/** Parses configuration; throws ConfigError naming every invalid variable. */
export function parseConfig(env: Readonly<Record<string, string | undefined>>, argv: readonly string[] = []): Config {
  const e = parseEnv(EnvSchema, env);
  if (e.TRACELIGHT_INGEST_MAX_BATCH_ROWS > e.TRACELIGHT_INGEST_MAX_QUEUED_ROWS) {
    throw new ConfigError(["TRACELIGHT_INGEST_MAX_BATCH_ROWS must not exceed TRACELIGHT_INGEST_MAX_QUEUED_ROWS"]);
  }
  if (e.TRACELIGHT_HEADERS_TIMEOUT_MS > e.TRACELIGHT_REQUEST_TIMEOUT_MS) {
    throw new ConfigError(["TRACELIGHT_HEADERS_TIMEOUT_MS must not exceed TRACELIGHT_REQUEST_TIMEOUT_MS"]);
  }
  const dataDir = resolve(e.TRACELIGHT_DATA_DIR);
  // The flag wins over the environment, so one image can run any role.
  const { roles, migrate } = parseRoles(flagValue(argv, "--role", "ingest,query") ?? e.TRACELIGHT_ROLE);
  return {
    host: e.TRACELIGHT_HOST,
    otlpHttpPort: e.OTLP_HTTP_PORT,
    otlpGrpcPort: e.OTLP_GRPC_PORT,
    apiPort: e.API_PORT,
    clickhouseUrl: e.CLICKHOUSE_URL,
    dataDir,
    ttlDays: {
      traces: e.TRACELIGHT_TTL_TRACES_DAYS,
      logs: e.TRACELIGHT_TTL_LOGS_DAYS,
      metrics: e.TRACELIGHT_TTL_METRICS_DAYS,
    },
    ttlExplicit: {
      traces: env.TRACELIGHT_TTL_TRACES_DAYS !== undefined,
      logs: env.TRACELIGHT_TTL_LOGS_DAYS !== undefined,
      metrics: env.TRACELIGHT_TTL_METRICS_DAYS !== undefined,
    },
    ingestKeys: e.TRACELIGHT_INGEST_KEYS,
    maxBodyBytes: e.TRACELIGHT_MAX_BODY_BYTES,
    ingest: {
      maxQueuedRows: e.TRACELIGHT_INGEST_MAX_QUEUED_ROWS,
      maxQueuedBytes: e.TRACELIGHT_INGEST_MAX_QUEUED_BYTES,
      maxBatchRows: e.TRACELIGHT_INGEST_MAX_BATCH_ROWS,
      retryAfterSeconds: e.TRACELIGHT_RETRY_AFTER_SECONDS,
      writeConcurrency: e.TRACELIGHT_INGEST_WRITE_CONCURRENCY,
      times: { minTimeMs: e.TRACELIGHT_INGEST_MIN_TIME, maxFutureMs: e.TRACELIGHT_INGEST_MAX_FUTURE },
    },
    timeouts: {
      headersMs: e.TRACELIGHT_HEADERS_TIMEOUT_MS,
      requestMs: e.TRACELIGHT_REQUEST_TIMEOUT_MS,
      keepAliveMs: e.TRACELIGHT_KEEPALIVE_TIMEOUT_MS,
      idleMs: e.TRACELIGHT_IDLE_TIMEOUT_MS,
    },
    roles,
    schema: schemaSettings(e, argv, migrate, roles.size > 0),
    databaseUrl: e.DATABASE_URL ?? `file:${join(dataDir, "tracelight.db")}`,
    alerts: {
      evalIntervalMs: e.ALERT_EVAL_INTERVAL_S * 1000,
      retentionDays: e.TRACELIGHT_ALERT_RETENTION_DAYS,
      publicUrl: e.TRACELIGHT_PUBLIC_URL.replace(/\/+$/, ""),
      webhookAllow: e.TRACELIGHT_WEBHOOK_ALLOW,
      webhookDeny: e.TRACELIGHT_WEBHOOK_DENY,
    },
    accounts: accountsConfig(e, e.TRACELIGHT_PUBLIC_URL),
    originPolicy: originPolicy({
      allowedHosts: e.TRACELIGHT_ALLOWED_HOSTS,
      publicUrl: e.TRACELIGHT_PUBLIC_URL,
      bindHost: e.TRACELIGHT_HOST,
    }),
    selfMetricsIntervalMs: e.TRACELIGHT_SELF_METRICS_INTERVAL_S * 1000,
    selfMetricsUrl: e.TRACELIGHT_SELF_METRICS_URL?.replace(/\/+$/, ""),
  };
}
