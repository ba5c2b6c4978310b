// Playwright webServer: the web app as users get it — a production build (rebuilt only when
// its sources are newer than the build) served by `next start`, proxying to the e2e api. The
// build has its own output folder (NEXT_DIST_DIR, see next.config.ts), so a `next build` run
// by someone else in the same checkout cannot swap the files under the running server.
import { spawn } from "node:child_process";
import { nextBin, webBuildIsCurrent } from "../../scripts/web-build.ts";
import { paths, ports, urls } from "./env.ts";

const DIST_DIR = ".next-e2e";
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NEXT_DIST_DIR: DIST_DIR };

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
    if (webBuildIsCurrent(DIST_DIR)) return;
  }
  throw new Error("next build: another build held the lock for too long");
}

// An extra pair (support/server-pair.ts) serves the build the shared web server is serving: a
// rebuild under it would swap its files.
if (process.env.E2E_WEB_REUSE_BUILD !== "1" && !webBuildIsCurrent(DIST_DIR)) await build();
const web = spawn(process.execPath, [nextBin, "start", "--port", String(ports.web), "--hostname", "127.0.0.1"], {
  cwd: paths.web,
  stdio: "inherit",
  env: { ...env, TRACELIGHT_API_URL: urls.api },
});
const stop = (signal: NodeJS.Signals) => web.kill(signal);
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
web.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
