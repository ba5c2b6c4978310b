// Starts the real api (`apps/api/src/main.ts`) as a child process on free ports, for
// benchmarks: the service is measured as users run it, over loopback HTTP, with credentials.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { BENCH_ADMIN_ENV, benchAuthorization } from "./bench-admin.ts";

const root = join(import.meta.dirname, "../..");

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface ApiProcess {
  child: ChildProcess;
  pid: number;
  otlpHttp: string;
  api: string;
  /** For every request to `api`: an API token (bench-admin.ts). */
  headers: { authorization: string };
  stop(): Promise<void>;
}

export async function startApi(dataDir: string, extraEnv: Record<string, string> = {}): Promise<ApiProcess> {
  const [otlpPort, grpcPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "apps/api/src/main.ts")], {
    cwd: root,
    env: {
      // As npm start gives it: each running chDB query holds one of these threads.
      UV_THREADPOOL_SIZE: "32",
      ...process.env,
      TRACELIGHT_DATA_DIR: dataDir,
      OTLP_HTTP_PORT: String(otlpPort),
      OTLP_GRPC_PORT: String(grpcPort),
      API_PORT: String(apiPort),
      ...BENCH_ADMIN_ENV,
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const api = `http://127.0.0.1:${apiPort}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`api exited with ${child.exitCode}:\n${output}`);
    const ready = await fetch(`${api}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  if (Date.now() >= deadline) throw new Error(`api not ready in 120 s:\n${output}`);
  return {
    child,
    pid: child.pid!,
    otlpHttp: `http://127.0.0.1:${otlpPort}`,
    api,
    headers: await benchAuthorization(api),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
