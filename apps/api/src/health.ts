// Liveness and readiness. /healthz: the process answers. /readyz: the store answers a query,
// the schema migrations have been applied and, on the OTLP listeners, ingest's last insert (or
// its probe write while failing, ingest/write-health.ts) succeeded — what a load balancer
// should route on.
import type { ClickHouseTransport } from "@tracelight/store";
import { sql } from "@tracelight/store";
import type { FastifyInstance } from "fastify";

export interface ReadinessReport {
  ready: boolean;
  store: string;
  checks: { store: string; migrations: string; ingest?: string };
}

export interface Readiness {
  check(): Promise<ReadinessReport>;
}

const CHECK_TIMEOUT_MS = 2_000;
const PROBE = { class: "probe" } as const;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const describe = (error: unknown) => `error: ${error instanceof Error ? error.message : String(error)}`;

/**
 * Readiness over a transport. `migrated()` says whether this process finished `migrate()`;
 * the store is then asked for the migrations table too, which catches a wiped server.
 * `ingest()`, when given, says whether ingest's writes succeed ("ok" or why not).
 */
export function storeReadiness(
  transport: ClickHouseTransport,
  migrated: () => boolean,
  ingest?: () => string,
): Readiness {
  return {
    async check() {
      const checks: ReadinessReport["checks"] = { store: "ok", migrations: "ok" };
      if (ingest) checks.ingest = ingest();
      try {
        // "probe": its own chDB session and a 2 s engine limit, never behind user queries.
        await withTimeout(transport.query(sql`SELECT 1 AS ok`, PROBE), CHECK_TIMEOUT_MS, "SELECT 1");
      } catch (error) {
        checks.store = describe(error);
      }
      if (!migrated()) {
        checks.migrations = "pending: migrations have not finished";
      } else if (checks.store === "ok") {
        try {
          const rows = await withTimeout(
            transport.query<{ n: number | string }>(sql`SELECT count() AS n FROM tracelight_migrations`, PROBE),
            CHECK_TIMEOUT_MS,
            "migrations check",
          );
          if (Number(rows[0]?.n ?? 0) === 0) checks.migrations = "error: no migrations recorded";
        } catch (error) {
          checks.migrations = describe(error);
        }
      } else {
        checks.migrations = "unknown: store unreachable";
      }
      return { ready: Object.values(checks).every((c) => c === "ok"), store: transport.description, checks };
    },
  };
}

export function registerHealthRoutes(app: FastifyInstance, readiness: Readiness): void {
  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (_request, reply) => {
    const report = await readiness.check();
    if (report.ready) return { status: "ready", store: report.store, checks: report.checks };
    return reply.code(503).send({
      status: "not_ready",
      store: report.store,
      checks: report.checks,
      error: { code: "not_ready", message: Object.values(report.checks).find((c) => c !== "ok") ?? "not ready" },
    });
  });
}
