// Playwright webServer: the web app as users get it — a production build (rebuilt only when
// its sources are newer than the build) served by `next start`, proxying to the e2e api. The
// build has its own output folder (NEXT_DIST_DIR, see next.config.ts), so a `next build` run
// by someone else in the same checkout cannot swap the files under the running server.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { paths, ports, urls } from "./env.ts";

const nextBin = createRequire(join(paths.web, "package.json")).resolve("next/dist/bin/next");
const DIST_DIR = ".next-e2e";
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NEXT_DIST_DIR: DIST_DIR };

/** Newest modification time of the files under `dir`, skipping build output and dependencies. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function buildIsCurrent(): boolean {
  const buildId = join(paths.web, DIST_DIR, "BUILD_ID");
  if (!existsSync(buildId)) return false;
  const sources = Math.max(newestMtime(paths.web), newestMtime(join(paths.root, "packages/contracts/src")));
  return statSync(buildId).mtimeMs >= sources;
}

/** `next build`; resolves with its exit code and whether another build held the lock. */
function buildOnce(): Promise<{ code: number; locked: boolean }> {
  return new Promise((resolve) => {
    const build = spawn(process.execPath, [nextBin, "build"], {
      cwd: paths.web,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    for (const stream of [build.stdout, build.stderr]) {
      stream.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        process.stdout.write(chunk);
      });
    }
    build.on("exit", (code) => resolve({ code: code ?? 1, locked: /is already running/.test(output) }));
  });
}

async function build(): Promise<void> {
  // Other people may build the same app at the same time; their build holds a lock.
  for (let attempt = 1; attempt <= 20; attempt++) {
    console.log(`[e2e web] next build (sources changed or no build yet), attempt ${attempt}`);
    const { code, locked } = await buildOnce();
    if (code === 0) return;
    if (!locked) throw new Error(`next build failed with exit code ${code}`);
    await new Promise((resolve) => setTimeout(resolve, 15_000));
    if (buildIsCurrent()) return;
  }
  throw new Error("next build: another build held the lock for too long");
}

if (!buildIsCurrent()) await build();
const web = spawn(process.execPath, [nextBin, "start", "--port", String(ports.web), "--hostname", "127.0.0.1"], {
  cwd: paths.web,
  stdio: "inherit",
  env: { ...env, TRACELIGHT_API_URL: urls.api },
});
const stop = (signal: NodeJS.Signals) => web.kill(signal);
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
web.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
