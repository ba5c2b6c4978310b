// `npm start`: runs the product on one machine — the api (OTLP in, query API out, embedded chDB
// by default), the web UI on WEB_PORT (built first when its sources changed), the eBPF agent
// when this process may load BPF programs (root, or CAP_BPF and CAP_PERFMON; TRACELIGHT_AGENT=0
// leaves it out, =1 starts it regardless), and, with `--demo` or TRACELIGHT_DEMO=1, the demo
// workload. Ctrl-C stops them all, senders first. A part that dies is restarted with growing
// delays (packages/backoff); one that keeps dying right after it starts is given up, and if
// the api or the web is given up the rest are stopped and the exit code says so. Compiled by
// `npm run build` (scripts/build.ts), it runs the compiled parts and the web's existing build.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { RestartPolicy } from "@tracelight/backoff";
import { DEMO_ADMIN_EMAIL, demoAdminPassword, demoAdminPasswordFile } from "./demo-admin.ts";
import { nextBin, webBuildIsCurrent, webDir } from "./web-build.ts";

const root = join(import.meta.dirname, "..");

const args = process.argv.slice(2);
const demo = args.includes("--demo") || ["1", "true"].includes(process.env.TRACELIGHT_DEMO ?? "");
const apiArgs = args.filter((a) => a !== "--demo");
const host = process.env.TRACELIGHT_HOST ?? "127.0.0.1";
const apiPort = process.env.API_PORT ?? "3001";
const otlpHttpPort = process.env.OTLP_HTTP_PORT ?? "4318";
const otlpGrpcPort = process.env.OTLP_GRPC_PORT ?? "4317";
const webPort = process.env.WEB_PORT ?? "3000";
const apiOrigin = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${apiPort}`;
// Links in alert notifications point at this UI, and the web and the api take writes from it.
const publicUrl = process.env.TRACELIGHT_PUBLIC_URL ?? `http://localhost:${webPort}`;
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
// As the api resolves it (it runs in the repository's root).
const dataDir = resolve(root, process.env.TRACELIGHT_DATA_DIR ?? "data");

/** Set in the production build (scripts/build.ts), which compiles each part into dist/. */
const bundled = process.env.TRACELIGHT_BUNDLED === "1";
/** Node's arguments for a part: its compiled module in the production build, else its source under tsx. */
const entry = (name: string, source: string) => (bundled ? [`dist/${name}.mjs`] : ["--import", "tsx", source]);

const SENDER_STOP_WAIT_MS = 8_000;
const CAP_PERFMON = 38n;
const CAP_BPF = 39n;

/** Root, or both capabilities the probes need in this process's effective set. */
function mayLoadBpf(): boolean {
  if (process.getuid?.() === 0) return true;
  const line = readFileSync("/proc/self/status", "utf8")
    .split("\n")
    .find((l) => l.startsWith("CapEff:"));
  const caps = BigInt(`0x${line?.split(/\s+/)[1] ?? "0"}`);
  return ((caps >> CAP_BPF) & 1n) === 1n && ((caps >> CAP_PERFMON) & 1n) === 1n;
}
const children = new Map<string, ChildProcess>();
/** Parts waiting to be restarted: Ctrl-C cancels them. */
const restartTimers = new Set<NodeJS.Timeout>();
let stopping = false;

/**
 * Spawns a child whose output lines are prefixed with its name. TRACELIGHT_COMPONENT marks it
 * (and what it starts) as Tracelight's own, so the agent does not trace it (agent/src/process/role.ts).
 */
function spawnPrefixed(name: string, command: string, commandArgs: string[], cwd: string, extraEnv = {}): ChildProcess {
  // Each child in its own process group: Ctrl-C (sent to the terminal's whole group) reaches
  // only this launcher, which stops the children in order (see stopAll).
  const child = spawn(command, commandArgs, {
    cwd,
    env: { ...env, TRACELIGHT_COMPONENT: name.replace(/\W+/g, "-"), ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on("line", (line) => console.log(`[${name}] ${line}`));
  }
  children.set(name, child);
  child.on("exit", () => children.delete(name));
  return child;
}

/**
 * A long-running part of the product, restarted when it dies. A part given up (it keeps dying
 * as it starts) stops the others too, unless it is optional; an optional part that exits 0
 * has finished and is left so.
 */
function runService(name: string, commandArgs: string[], cwd: string, extraEnv = {}, optional = false): void {
  const policy = new RestartPolicy();
  const start = () => {
    const startedAt = Date.now();
    const child = spawnPrefixed(name, process.execPath, commandArgs, cwd, extraEnv);
    child.on("exit", (code, signal) => {
      if (stopping) return;
      const how = signal ?? `code ${code}`;
      if (optional && code === 0) {
        console.error(`[start] ${name} exited (${how})`);
        return;
      }
      const decision = policy.onExit(Date.now() - startedAt);
      if (decision.restart) {
        console.error(`[start] ${name} exited (${how}); restarting it in ${decision.delayMs / 1000} s`);
        const timer = setTimeout(() => {
          restartTimers.delete(timer);
          start();
        }, decision.delayMs);
        restartTimers.add(timer);
        return;
      }
      console.error(
        `[start] ${name} exited (${how}); giving it up: ${decision.reason}${optional ? "" : " — stopping the rest"}`,
      );
      if (optional) return;
      process.exitCode = code === 0 || code === null ? 1 : code;
      void stopAll();
    });
  };
  start();
}

/** The telemetry senders first (demo, agent), so that their last data still reaches the api. */
async function stopAll(): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const timer of restartTimers) clearTimeout(timer);
  const senders = ["demo", "agent"].flatMap((name) => children.get(name) ?? []);
  await Promise.all(
    senders.map((child) => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      return Promise.race([exited, new Promise((resolve) => setTimeout(resolve, SENDER_STOP_WAIT_MS))]);
    }),
  );
  for (const child of children.values()) child.kill("SIGTERM");
}

function buildWeb(): Promise<void> {
  console.log("[start] building the web UI for production (first start or sources changed; ~20 s)…");
  return new Promise((resolve, reject) => {
    const build = spawnPrefixed("web build", process.execPath, [nextBin, "build"], webDir);
    build.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build exited with code ${code}`))));
  });
}

async function waitForApi(): Promise<void> {
  const url = `${apiOrigin}/readyz`;
  for (let attempt = 0; attempt < 600 && !stopping; attempt++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the api did not become ready at ${url}`);
}

/**
 * The demo's admin, made by the api at start, when the demo runs and the environment names no
 * admin (TRACELIGHT_ADMIN_EMAIL and _PASSWORD reach the api and the demo as they are).
 */
function demoAdmin(): { email: string; password: string } | undefined {
  if (!demo || process.env.TRACELIGHT_ADMIN_EMAIL || process.env.TRACELIGHT_ADMIN_PASSWORD) return undefined;
  // Owner-only, as the api keeps it (apps/api/src/private-data-dir.ts).
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  return { email: DEMO_ADMIN_EMAIL, password: demoAdminPassword(dataDir) };
}

/** One line for a first visit: where to sign in, or to create the admin. */
async function sayHowToSignIn(demoAdminMade: boolean): Promise<void> {
  if (demoAdminMade) {
    // Not the password itself: terminal output is often kept (scrollback, CI logs, `npm start
    // > log`), and on a shared machine other users reach 127.0.0.1 too; the file is owner-only.
    console.log(
      `[start] sign in at ${publicUrl}/login as ${DEMO_ADMIN_EMAIL} with the password in ${demoAdminPasswordFile(dataDir)}`,
    );
    return;
  }
  const providers = await fetch(`${apiOrigin}/api/v1/auth/providers`).then(
    (r) => (r.ok ? (r.json() as Promise<{ setupNeeded: boolean }>) : undefined),
    () => undefined,
  );
  if (providers?.setupNeeded) {
    console.log(
      `[start] no account yet: open ${publicUrl}/setup to create the admin ` +
        "(or set TRACELIGHT_ADMIN_EMAIL and TRACELIGHT_ADMIN_PASSWORD for npm start)",
    );
  }
}

async function main(): Promise<void> {
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stopAll());
  // Last resort if the launcher itself dies: no child outlives it.
  process.on("exit", () => {
    for (const child of children.values()) child.kill("SIGKILL");
  });
  // The Prisma clients are generated at install; this is quick when they are current. The
  // production build has them compiled in.
  if (!bundled && spawnSync("npm", ["run", "--silent", "db:generate"], { cwd: root, stdio: "inherit" }).status !== 0) {
    throw new Error("generating the Prisma client failed (npm run db:generate)");
  }
  const admin = demoAdmin();
  const adminEnv = admin ? { TRACELIGHT_ADMIN_EMAIL: admin.email, TRACELIGHT_ADMIN_PASSWORD: admin.password } : {};
  runService("api", [...entry("api", "apps/api/src/main.ts"), ...apiArgs], root, {
    TRACELIGHT_PUBLIC_URL: publicUrl,
    ...adminEnv,
  });
  const webDistDir = process.env.NEXT_DIST_DIR ?? ".next";
  if (bundled) {
    // Building needs the dev dependencies the production install leaves out.
    if (!existsSync(join(webDir, webDistDir, "BUILD_ID"))) throw new Error("the web UI is not built: npm run build");
  } else if (!webBuildIsCurrent(webDistDir)) await buildWeb();
  if (stopping) return;
  // Idle keep-alive connections are closed as on the api (TRACELIGHT_KEEPALIVE_TIMEOUT_MS).
  const keepAliveMs = process.env.TRACELIGHT_KEEPALIVE_TIMEOUT_MS ?? "5000";
  const webArgs = [nextBin, "start", "--port", webPort, "--hostname", host, "--keepAliveTimeout", keepAliveMs];
  runService("web", webArgs, webDir, {
    TRACELIGHT_API_URL: process.env.TRACELIGHT_API_URL ?? `http://127.0.0.1:${apiPort}`,
    TRACELIGHT_PUBLIC_URL: publicUrl,
  });
  await waitForApi();
  console.log(
    `[start] Tracelight is up: UI http://${host}:${webPort} · OTLP/HTTP :${otlpHttpPort} · query API :${apiPort}`,
  );
  await sayHowToSignIn(admin !== undefined);
  const agentSetting = process.env.TRACELIGHT_AGENT ?? "";
  if (agentSetting === "1" || (agentSetting !== "0" && mayLoadBpf())) {
    runService(
      "agent",
      entry("agent", "agent/src/main.ts"),
      root,
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlpHttpPort}`,
        // Requests to these are Tracelight's own, whoever makes them (a browser, curl).
        TRACELIGHT_AGENT_SELF_PORTS:
          process.env.TRACELIGHT_AGENT_SELF_PORTS ?? [apiPort, otlpHttpPort, otlpGrpcPort, webPort].join(","),
      },
      true,
    );
  } else if (agentSetting !== "0") {
    console.log(
      "[start] the eBPF agent is not started: it needs root, or CAP_BPF and CAP_PERFMON " +
        "(TRACELIGHT_AGENT=1 starts it anyway, with /proc metrics only)",
    );
  }
  if (demo) {
    const endpoints = {
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlpHttpPort}`,
      DEMO_API_URL: `http://127.0.0.1:${apiPort}`,
    };
    // The demo signs in as this admin to make the API token it creates its alert rules with.
    runService("demo", entry("demo", "apps/demo/src/main.ts"), root, { ...endpoints, ...adminEnv }, true);
  }
}

main().catch((error: unknown) => {
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
  void stopAll();
});
