// The servers `npm run bench:ui` measures: the real api, and the web app's
// production build (`next build` when sources are newer than the build) served by `next start`
// from a private copy of the build, so another `next build` in apps/web cannot pull the files
// out from under a running measurement.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createConnection } from "node:net";
import { join } from "node:path";
import { nextBin, webBuildIsCurrent, webDir } from "../../scripts/web-build.ts";
import { startApi } from "./api-process.ts";

/** The benchmark's own build folder in apps/web, so other builds of the checkout cannot clash. */
const DIST_DIR = ".next-bench";

export interface Server {
  url: string;
  pid: number;
  stop(): Promise<void>;
  output(): string;
}

/** Whether something already listens on the port (another run, another helper). */
function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function spawnServer(
  name: string,
  command: string[],
  options: { cwd: string; env: Record<string, string>; ports: number[]; ready: string },
): Promise<Server> {
  for (const port of options.ports) {
    if (await portInUse(port)) throw new Error(`${name}: port ${port} is already in use (a previous run still up?)`);
  }
  const child: ChildProcess = spawn(command[0]!, command.slice(1), {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGTERM");
      throw new Error(`${name} not ready in 120 s:\n${output}`);
    }
    const ok = await fetch(options.ready).then(
      (r) => r.status < 500,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url: new URL(options.ready).origin,
    pid: child.pid!,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The api as one of the measured servers: api-process.ts, ephemeral ports. */
export async function startUiApi(
  dataDir: string,
  extraEnv: Record<string, string> = {},
): Promise<Server & { otlpHttp: string }> {
  const api = await startApi(dataDir, extraEnv);
  return { url: api.api, pid: api.pid, otlpHttp: api.otlpHttp, output: api.output, stop: api.stop };
}

/**
 * A production build of apps/web no older than its sources, copied to `snapshotDir`. Builds
 * with `next build` (into its own folder) when needed.
 */
export function ensureWebBuild(snapshotDir: string): { built: boolean; seconds: number } {
  // BENCH_UI_BUILD=0: measure the copy a previous run made, whatever changed since.
  if (process.env.BENCH_UI_BUILD === "0" && existsSync(join(snapshotDir, ".next/BUILD_ID")))
    return { built: false, seconds: 0 };
  const stale = !webBuildIsCurrent(DIST_DIR);
  const started = performance.now();
  if (stale || process.env.BENCH_UI_BUILD === "1") {
    console.log(`building apps/web for production (next build into apps/web/${DIST_DIR})...`);
    const result = spawnSync(process.execPath, [nextBin, "build"], {
      cwd: webDir,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NEXT_DIST_DIR: DIST_DIR },
      encoding: "utf8",
    });
    if (result.status !== 0)
      throw new Error(`next build failed:\n${`${result.stdout}\n${result.stderr}`.slice(-4000)}`);
  }
  // The copy: .next plus what `next start` reads beside it. Module resolution walks up from
  // `snapshotDir` (two levels under the repo, like apps/web) to the root node_modules.
  rmSync(snapshotDir, { recursive: true, force: true });
  mkdirSync(snapshotDir, { recursive: true });
  cpSync(join(webDir, DIST_DIR), join(snapshotDir, ".next"), {
    recursive: true,
    filter: (src) => !src.includes(join(webDir, DIST_DIR, "cache")),
  });
  for (const file of ["package.json", "next.config.ts"]) cpSync(join(webDir, file), join(snapshotDir, file));
  if (existsSync(join(webDir, "public")))
    cpSync(join(webDir, "public"), join(snapshotDir, "public"), { recursive: true });
  writeFileSync(join(snapshotDir, "README.txt"), "A copy of apps/web's production build for npm run bench:ui.\n");
  return { built: stale, seconds: (performance.now() - started) / 1000 };
}

export async function startWeb(snapshotDir: string, port: number, apiUrl: string): Promise<Server> {
  return spawnServer("web", [process.execPath, nextBin, "start", "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: snapshotDir,
    env: { TRACELIGHT_API_URL: apiUrl, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
    ports: [port],
    ready: `http://127.0.0.1:${port}/services`,
  });
}
