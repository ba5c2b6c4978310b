// The servers `npm run bench:ui` measures: the real api, and the web app's
// production build (`next build` when sources are newer than the build) served by `next start`
// from a private copy of the build, so another `next build` in apps/web cannot pull the files
// out from under a running measurement.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type ChildServer, startChildServer } from "@tracelight/testkit";
import { nextBin, webBuildIsCurrent, webDir } from "../../scripts/web-build.ts";
import { startApi } from "./api-process.ts";

/** The benchmark's own build folder in apps/web, so other builds of the checkout cannot clash. */
const DIST_DIR = ".next-bench";

export type Server = ChildServer;

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
  return startChildServer({
    name: "web",
    args: [nextBin, "start", "--port", String(port), "--hostname", "127.0.0.1"],
    cwd: snapshotDir,
    env: { TRACELIGHT_API_URL: apiUrl, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
    readyUrl: `http://127.0.0.1:${port}/services`,
    timeoutMs: 120_000,
  });
}
