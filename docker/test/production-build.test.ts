// The production path as the README gives it, on a fresh clone of this repository's last commit:
// `npm ci && npm run build && npm prune --omit=dev`, then `npm start` must run the compiled
// build (no tsx), answer /readyz and the web's `/`, and stop on Ctrl-C. Slow (npm ci and
// next build: minutes); packages come from the local npm cache where it has them.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, until } from "@tracelight/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const REPO_ROOT = join(import.meta.dirname, "../..");
const STEP_TIMEOUT_MS = 15 * 60_000;

const work = mkdtempSync(join(tmpdir(), "tracelight-production-"));
const clone = join(work, "tracelight");
const env: NodeJS.ProcessEnv = {
  ...process.env,
  CI: "true",
  NEXT_TELEMETRY_DISABLED: "1",
  TURBO_TELEMETRY_DISABLED: "1",
};
// What the runners above this test set (vitest, and npm's own npm_* when `npm test` started
// it) would change how the clone's npm and processes behave.
for (const name of Object.keys(env))
  if (/^(npm_|VITEST|TEST_RESULTS_DIR$|NODE_OPTIONS$|INIT_CWD$)/.test(name)) delete env[name];

/** Runs a command in the clone; rejects with its last output lines when it fails. */
function run(command: string, args: string[], cwd = clone): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8_000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code}:\n${output}`)),
    );
  });
}

const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

/** The command line of a running process, as /proc shows it. */
const commandLine = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();

describe("production build on a fresh clone", () => {
  let product: ChildProcess | undefined;
  let output = "";

  beforeAll(async () => {
    await run("git", ["clone", "--quiet", REPO_ROOT, clone], work);
    await run("npm", ["ci", "--prefer-offline", "--no-audit", "--no-fund"]);
    await run("npm", ["run", "build"]);
    await run("npm", ["prune", "--omit=dev", "--no-audit", "--no-fund"]);
  }, 3 * STEP_TIMEOUT_MS);

  afterAll(async () => {
    // After a failure: stopped as Ctrl-C would (the launcher stops the parts it started, each
    // in its own process group), killed if that hangs.
    if (product && running(product)) {
      const exited = new Promise((resolve) => product?.once("exit", resolve));
      process.kill(-product.pid!, "SIGINT");
      const timer = setTimeout(() => product && running(product) && process.kill(-product.pid!, "SIGKILL"), 30_000);
      await exited;
      clearTimeout(timer);
    }
    // The clone's node_modules is ~1.5 GB: removing it took over a minute on a loaded machine.
    rmSync(work, { recursive: true, force: true });
  }, 5 * 60_000);

  it("prunes the build tools and keeps the compiled entries", () => {
    for (const devOnly of ["turbo", "@biomejs/biome", "@tailwindcss/postcss"])
      expect(existsSync(join(clone, "node_modules", devOnly)), devOnly).toBe(false);
    for (const entry of ["start", "api", "backfill", "agent", "demo", "demo-service"])
      expect(existsSync(join(clone, "dist", `${entry}.mjs`)), entry).toBe(true);
    expect(existsSync(join(clone, "apps/web/.next/BUILD_ID"))).toBe(true);
  });

  it(
    "npm start runs the compiled api and the built web, answers, and Ctrl-C stops them",
    async () => {
      const [apiPort, otlpHttpPort, otlpGrpcPort, webPort] = [
        await freePort(),
        await freePort(),
        await freePort(),
        await freePort(),
      ];
      product = spawn("npm", ["start"], {
        cwd: clone,
        env: {
          ...env,
          API_PORT: String(apiPort),
          OTLP_HTTP_PORT: String(otlpHttpPort),
          OTLP_GRPC_PORT: String(otlpGrpcPort),
          WEB_PORT: String(webPort),
          TRACELIGHT_AGENT: "0",
          TRACELIGHT_DATA_DIR: join(work, "data"),
        },
        stdio: ["ignore", "pipe", "pipe"],
        // Its own process group: the stop below reaches npm, the shell and the launcher together.
        detached: true,
      });
      for (const stream of [product.stdout, product.stderr]) stream?.on("data", (chunk: Buffer) => (output += chunk));
      const exited = new Promise((resolve) => product?.once("exit", resolve));

      const ready = await until(
        "the api's /readyz",
        async () => {
          if (product && !running(product)) throw new Error(`npm start exited:\n${output.slice(-4_000)}`);
          const response = await fetch(`http://127.0.0.1:${apiPort}/readyz`);
          return response.ok && ((await response.json()) as { status: string });
        },
        { timeoutMs: 120_000, intervalMs: 500 },
      );
      expect(ready.status).toBe("ready");
      const page = await until(
        "the web's /",
        () => fetch(`http://127.0.0.1:${webPort}/`, { redirect: "manual" }).catch(() => undefined),
        { timeoutMs: 60_000, intervalMs: 500 },
      );
      // Signed out, the overview sends the browser to the sign-in or first-admin page.
      expect([200, 302, 303, 307]).toContain(page.status);

      // The api's first log line names its pid: its command line is the compiled entry.
      const apiPid = Number(/\[api\] \{.*?"pid":(\d+)/.exec(output)?.[1]);
      expect(commandLine(apiPid)).toMatch(/dist\/api\.mjs/);
      expect(commandLine(apiPid)).not.toMatch(/tsx/);
      expect(output).not.toMatch(/under tsx|db:generate/);

      // Ctrl-C reaches npm, its shell and the launcher (one process group); the launcher stops
      // the api and the web, each in a group of its own.
      process.kill(-product.pid!, "SIGINT");
      await exited;
      await until(
        "the api and the web to exit",
        async () =>
          !existsSync(`/proc/${apiPid}`) &&
          (await fetch(`http://127.0.0.1:${webPort}/`).then(
            () => false,
            () => true,
          )),
        { timeoutMs: 30_000, intervalMs: 250 },
      );
      expect(output).not.toMatch(/giving it up/);
    },
    5 * 60_000,
  );
});
