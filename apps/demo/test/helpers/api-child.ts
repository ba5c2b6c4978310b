// Runs the real Tracelight api (`node --import tsx apps/api/src/main.ts`, roles ingest and
// query, embedded chDB over a fresh data directory, an admin made at start from the
// environment as `npm start` does for the demo) as a child process on ephemeral ports, read
// back from its "listening" log lines; stops it with SIGTERM.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AdminCredentials } from "../../src/api-token.ts";

const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const ADMIN: AdminCredentials = { email: "admin@demo.test", password: "demo-test-password" };

export interface ApiChild {
  child: ChildProcess;
  /** http://127.0.0.1:<otlp http port> */
  otlpHttp: string;
  /** http://127.0.0.1:<query port>/api/v1 */
  api: string;
  /** The admin the api made at start (TRACELIGHT_ADMIN_EMAIL and _PASSWORD). */
  admin: AdminCredentials;
  output(): string;
  stop(): Promise<void>;
}

export async function startApi(): Promise<ApiChild> {
  const dataDir = await mkdtemp(join(tmpdir(), "tracelight-demo-test-"));
  const child = spawn(process.execPath, ["--import", "tsx", "apps/api/src/main.ts", "--role", "ingest,query"], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      TRACELIGHT_HOST: "127.0.0.1",
      TRACELIGHT_DATA_DIR: dataDir,
      OTLP_HTTP_PORT: "0",
      OTLP_GRPC_PORT: "0",
      API_PORT: "0",
      TRACELIGHT_ADMIN_EMAIL: ADMIN.email,
      TRACELIGHT_ADMIN_PASSWORD: ADMIN.password,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`api did not start:\n${output}`)), 60_000);
    child.stderr?.on("data", () => {
      if (/"msg":"ready"/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`api exited before it was ready:\n${output}`));
    });
  });
  const otlpHttp = /"listener":"otlp-http","url":"([^"]+)"/.exec(output)?.[1];
  const query = /"listener":"query-api","url":"([^"]+)"/.exec(output)?.[1];
  if (!otlpHttp || !query) throw new Error(`no listener lines in the api's output:\n${output}`);

  return {
    child,
    otlpHttp,
    api: `${query}/api/v1`,
    admin: ADMIN,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
