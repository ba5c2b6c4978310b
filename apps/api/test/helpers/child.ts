// Runs the real service as a child process (`node --import tsx apps/api/src/main.ts`), the
// way `npm start` does, on ephemeral ports; reads the bound ports from its log lines. Its
// query API, when it runs one, is called as the test admin (test-credentials.ts).
// Not @tracelight/testkit's startApiProcess: these tests start it ingest-only, kill it mid-stream
// and read its exit code and signal, and runMain() starts main.ts to see it refuse to start.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { adminEnv, authorizeAsTestAdmin, forgetTestOrigin } from "./test-credentials.ts";

const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

export interface ChildService {
  child: ChildProcess;
  otlpHttp: string;
  otlpGrpc: string;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function runMain(env: Record<string, string>, args: string[] = []) {
  const child = spawn(process.execPath, ["--import", "tsx", "apps/api/src/main.ts", ...args], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      TRACELIGHT_HOST: "127.0.0.1",
      OTLP_HTTP_PORT: "0",
      OTLP_GRPC_PORT: "0",
      API_PORT: "0",
      ...adminEnv,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

/** Starts main.ts and resolves once it logged "ready" (rejects if it exits first). */
export async function startChild(env: Record<string, string>, args = ["--role", "ingest"]): Promise<ChildService> {
  const run = runMain(env, args);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start:\n${run.output()}`)), 60_000);
    const check = () => {
      if (/"msg":"ready"/.test(run.output())) {
        clearTimeout(timer);
        resolve();
      }
    };
    run.child.stderr?.on("data", check);
    run.exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`service exited (code ${code}, signal ${signal}) before ready:\n${run.output()}`));
    });
  });
  const http = /"listener":"otlp-http","url":"([^"]+)"/.exec(run.output())?.[1];
  const grpcAddress = /"listener":"otlp-grpc","address":"([^"]+)"/.exec(run.output())?.[1];
  if (!http || !grpcAddress) throw new Error(`no listener lines in:\n${run.output()}`);
  const api = /"listener":"query-api","url":"([^"]+)"/.exec(run.output())?.[1];
  if (api) {
    await authorizeAsTestAdmin(api);
    void run.exited.then(() => forgetTestOrigin(api));
  }
  return { ...run, otlpHttp: http, otlpGrpc: grpcAddress };
}
