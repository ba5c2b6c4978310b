// The real api as its users run it (`node --import tsx apps/api/src/main.ts`, its public entry)
// in a child process on ephemeral ports, read back from its "listening" log lines. Marked as
// Tracelight's own process (TRACELIGHT_COMPONENT=api), so an agent under test leaves it alone.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const REPO_ROOT = join(import.meta.dirname, "../../..");

export interface ApiProcessOptions {
  /** Its data directory; a fresh temporary one, removed by stop(), when not given. */
  dataDir?: string;
  /** --role (default: every role). */
  roles?: string;
  /** The admin the api makes at start (TRACELIGHT_ADMIN_EMAIL and _PASSWORD). */
  admin?: { email: string; password: string };
  /** Added to its environment last. */
  env?: Record<string, string>;
  /** How long it may take to log "ready" (default 60 s). */
  readyTimeoutMs?: number;
}

export interface ApiProcess {
  child: ChildProcess;
  pid: number;
  /** http://127.0.0.1:<port> */
  otlpHttp: string;
  /** 127.0.0.1:<port> */
  otlpGrpc: string;
  /** The query API's origin, http://127.0.0.1:<port>. */
  origin: string;
  /** `${origin}/api/v1` */
  api: string;
  admin: { email: string; password: string } | undefined;
  /** What it printed so far. */
  output(): string;
  /** SIGTERM (SIGKILL after 15 s), then waits for it to exit. */
  stop(): Promise<void>;
}

export async function startApiProcess(options: ApiProcessOptions = {}): Promise<ApiProcess> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "tracelight-api-")));
  const args = ["--import", "tsx", "apps/api/src/main.ts", ...(options.roles ? ["--role", options.roles] : [])];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      TRACELIGHT_COMPONENT: "api",
      TRACELIGHT_HOST: "127.0.0.1",
      TRACELIGHT_DATA_DIR: dataDir,
      OTLP_HTTP_PORT: "0",
      OTLP_GRPC_PORT: "0",
      API_PORT: "0",
      ...(options.admin && {
        TRACELIGHT_ADMIN_EMAIL: options.admin.email,
        TRACELIGHT_ADMIN_PASSWORD: options.admin.password,
      }),
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Should the test end without stopping it (a crash, a timeout), the api does not outlive it.
  const orphaned = () => child.kill("SIGTERM");
  process.once("exit", orphaned);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let output = "";
  const stop = async () => {
    process.off("exit", orphaned);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    const stuck = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(stuck);
    if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
  };

  try {
    await new Promise<void>((resolve, reject) => {
      const timeoutMs = options.readyTimeoutMs ?? 60_000;
      const timer = setTimeout(
        () => reject(new Error(`the api was not ready in ${timeoutMs} ms:\n${output}`)),
        timeoutMs,
      );
      for (const stream of [child.stdout, child.stderr]) {
        stream?.on("data", (chunk) => {
          output += chunk;
          if (!/"msg":"ready"/.test(output)) return;
          clearTimeout(timer);
          resolve();
        });
      }
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`the api exited before it was ready:\n${output}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  const listener = (name: string, field: string) =>
    new RegExp(`"listener":"${name}","${field}":"([^"]+)"`).exec(output)?.[1];
  const [otlpHttp, otlpGrpc, origin] = [
    listener("otlp-http", "url"),
    listener("otlp-grpc", "address"),
    listener("query-api", "url"),
  ];
  if (!otlpHttp || !otlpGrpc || !origin) {
    await stop();
    throw new Error(`no listening lines for OTLP and the query API in the api's output:\n${output}`);
  }
  return {
    child,
    pid: child.pid!,
    otlpHttp,
    otlpGrpc,
    origin,
    api: `${origin}/api/v1`,
    admin: options.admin,
    output: () => output,
    stop,
  };
}
