// The real api as its users run it (`node --import tsx apps/api/src/main.ts`, its public entry)
// in a child process on ephemeral ports, read back from its "listening" log lines. Marked as
// Tracelight's own process (TRACELIGHT_COMPONENT=api), so an agent under test leaves it alone.
import type { ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnNode } from "./child-process.ts";

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
  const {
    child,
    output,
    exited,
    stop: stopChild,
  } = spawnNode(args, {
    env: {
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
  });
  const stop = async () => {
    await stopChild();
    if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
  };

  try {
    await new Promise<void>((resolve, reject) => {
      const timeoutMs = options.readyTimeoutMs ?? 60_000;
      const done = (error?: Error) => {
        clearTimeout(timer);
        for (const stream of [child.stdout, child.stderr]) stream?.off("data", check);
        if (error) reject(error);
        else resolve();
      };
      const check = () => {
        if (/"msg":"ready"/.test(output())) done();
      };
      const timer = setTimeout(
        () => done(new Error(`the api was not ready in ${timeoutMs} ms:\n${output()}`)),
        timeoutMs,
      );
      for (const stream of [child.stdout, child.stderr]) stream?.on("data", check);
      void exited.then(() => done(new Error(`the api exited before it was ready:\n${output()}`)));
    });
  } catch (error) {
    await stop();
    throw error;
  }
  const listener = (name: string, field: string) =>
    new RegExp(`"listener":"${name}","${field}":"([^"]+)"`).exec(output())?.[1];
  const [otlpHttp, otlpGrpc, origin] = [
    listener("otlp-http", "url"),
    listener("otlp-grpc", "address"),
    listener("query-api", "url"),
  ];
  if (!otlpHttp || !otlpGrpc || !origin) {
    await stop();
    throw new Error(`no listening lines for OTLP and the query API in the api's output:\n${output()}`);
  }
  return {
    child,
    pid: child.pid!,
    otlpHttp,
    otlpGrpc,
    origin,
    api: `${origin}/api/v1`,
    admin: options.admin,
    output,
    stop,
  };
}
