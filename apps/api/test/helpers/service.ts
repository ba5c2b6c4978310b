// Starts the real service in-process on ephemeral ports over a fresh data directory, and
// reads rows back through its transport. One per test file at a time (chDB: one data dir
// per process). In-process, unlike @tracelight/testkit's child: the api's own tests reach
// into the running service (its pipeline, budget, database, evaluator).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { raw, sql } from "@tracelight/store";
import { parseConfig } from "../../src/config.ts";
import { type RunningService, type StartOptions, startService } from "../../src/service.ts";
import { authorizeTestRequests, forgetTestOrigin, TEST_ADMIN } from "./test-credentials.ts";

export interface TestService {
  service: RunningService;
  dataDir: string;
  /** http://127.0.0.1:<otlp http port> */
  otlpHttp: string;
  /** 127.0.0.1:<otlp grpc port> */
  otlpGrpc: string;
  /** http://127.0.0.1:<api port>, when the query role runs. */
  api: string;
  /** The admin every request to `api` acts as by default (test-credentials.ts). */
  admin: { email: string; password: string; token: string };
  count(table: string, where?: string): Promise<number>;
  rows<Row>(query: string): Promise<Row[]>;
  /** Closes the service; removes the data dir unless `keepData`. */
  close(options?: { keepData?: boolean }): Promise<void>;
}

/** An admin account and an admin API token on a running service. */
async function makeTestAdmin(service: RunningService): Promise<TestService["admin"]> {
  await service.accounts.ensureAdmin(TEST_ADMIN.email, TEST_ADMIN.password);
  const user = await service.db.prisma.user.findUniqueOrThrow({ where: { email: TEST_ADMIN.email } });
  const { token } = await service.accounts.keys.createToken(
    { userId: user.id, email: user.email, role: "admin", via: "session" },
    { name: `test admin ${Date.now()}`, role: "admin" },
  );
  return { ...TEST_ADMIN, token };
}

export async function freshDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "tracelight-api-test-"));
}

export async function startTestService(
  env: Record<string, string> = {},
  options: StartOptions & {
    dataDir?: string;
    roles?: string;
    /** Requests to the API carry no credentials unless the test adds them. */
    anonymous?: boolean;
    /** No account is made (first-run tests): requests are anonymous and `admin` throws. */
    noAdmin?: boolean;
  } = {},
): Promise<TestService> {
  const dataDir = options.dataDir ?? (await freshDataDir());
  const config = parseConfig(
    {
      TRACELIGHT_DATA_DIR: dataDir,
      TRACELIGHT_HOST: "127.0.0.1",
      OTLP_HTTP_PORT: "0",
      OTLP_GRPC_PORT: "0",
      API_PORT: "0",
      // Self-metrics would add rows to every test's store; the tests that want them ask.
      TRACELIGHT_SELF_METRICS_INTERVAL_S: "0",
      ...env,
    },
    ["--role", options.roles ?? "ingest"],
  );
  const service = await startService(config, options);
  const api = `http://127.0.0.1:${service.ports.api}`;
  const admin = options.noAdmin ? undefined : await makeTestAdmin(service);
  if (admin && !options.anonymous && service.ports.api !== undefined) authorizeTestRequests(api, admin.token);
  const rows = <Row>(query: string) => service.transport.query<Row>(sql`${raw(query)}`);
  return {
    service,
    dataDir,
    otlpHttp: `http://127.0.0.1:${service.ports.otlpHttp}`,
    otlpGrpc: `127.0.0.1:${service.ports.otlpGrpc}`,
    api,
    get admin() {
      if (!admin) throw new Error("started with noAdmin: there is no test admin");
      return admin;
    },
    rows,
    async count(table, where = "1") {
      const result = await rows<{ n: number | string }>(`SELECT count() AS n FROM ${table} WHERE ${where}`);
      return Number(result[0]?.n ?? 0);
    },
    async close({ keepData = false } = {}) {
      forgetTestOrigin(api);
      await service.close();
      if (!keepData) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
