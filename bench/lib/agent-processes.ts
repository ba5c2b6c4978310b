// The processes of `npm run bench:agent`: the application (pinned to its own core), the real
// agent (`agent/src/main.ts`, as `npm run agent` runs it) and wrk.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";

const root = join(import.meta.dirname, "../..");

export interface App {
  pid: number;
  port: number;
  /** Requests the application has answered since it started. */
  served(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts bench/lib/agent-app.mjs on `cpu` (taskset execs node, so the pid is node's). */
export async function startApp(cpu: number, serviceName: string): Promise<App> {
  const child = spawn("taskset", ["-c", String(cpu), process.execPath, join(import.meta.dirname, "agent-app.mjs")], {
    env: { ...process.env, OTEL_SERVICE_NAME: serviceName },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the application exited with ${code} before it listened`)));
    child.once("message", (m: { type: string; port: number }) => resolve(m.port));
  });
  return {
    pid: child.pid!,
    port,
    served: () =>
      new Promise((resolve) => {
        const onMessage = (m: { type: string; served: number }) => {
          if (m.type !== "count") return;
          child.off("message", onMessage);
          resolve(m.served);
        };
        child.on("message", onMessage);
        child.send({ type: "count" });
      }),
    stop: () => stopChild(child, 5_000),
  };
}

async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const kill = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(kill);
}

export interface RunningAgent {
  pid: number;
  /** Probe states as the agent logged them (`http: on`, `tcp: off — …`). */
  probes: string[];
  log: string[];
  /** SIGTERM: the agent drains the loader, exports its last batch and exits. */
  stop(): Promise<number | null>;
}

export interface AgentLaunch {
  otlpEndpoint: string;
  loaderPath: string;
  /** Extra agent environment (TRACELIGHT_AGENT_*). */
  env: Record<string, string>;
  /** Node flags before the script, e.g. --cpu-prof. */
  nodeFlags?: string[];
}

const PROBE_LINE = /^agent: probe (\w+): (on|off)(.*)$/;

/** Starts the agent and resolves once each configured probe has said it is on or off. */
export async function startAgent(launch: AgentLaunch, probes: readonly string[]): Promise<RunningAgent> {
  const child = spawn(
    process.execPath,
    [...(launch.nodeFlags ?? []), "--import", "tsx", join(root, "agent/src/main.ts")],
    {
      cwd: root,
      env: {
        ...process.env,
        OTEL_EXPORTER_OTLP_ENDPOINT: launch.otlpEndpoint,
        TRACELIGHT_AGENT_LOADER: launch.loaderPath,
        ...launch.env,
      },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  const log: string[] = [];
  const states = new Map<string, string>();
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the agent did not report its probes in 60 s:\n${log.join("\n")}`)),
      60_000,
    );
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the agent exited with ${code} while starting:\n${log.join("\n")}`));
    });
    createInterface({ input: child.stderr! }).on("line", (line) => {
      log.push(line);
      const m = PROBE_LINE.exec(line);
      if (m) states.set(m[1]!, `${m[1]}: ${m[2]}${m[3]}`);
      if (probes.every((p) => states.has(p))) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return {
    pid: child.pid!,
    probes: [...states.values()],
    log,
    async stop() {
      child.kill("SIGTERM");
      const kill = setTimeout(() => child.kill("SIGKILL"), 30_000);
      const code = await exited;
      clearTimeout(kill);
      return code;
    },
  };
}

export interface RunningLoader {
  pid: number;
  stop(): Promise<void>;
}

/**
 * The probes' loader alone, its records thrown away (stdout to /dev/null): the kernel side of
 * the agent with a consumer that never falls behind. Resolves once it says it is ready.
 */
export async function startLoader(
  path: string,
  probes: readonly string[],
  sampleRatio: number,
): Promise<RunningLoader> {
  // 1 is the loader's default: said only when it is not, so older loaders run the same side.
  const ratio = sampleRatio === 1 ? [] : [`--sample-ratio=${sampleRatio}`];
  const child = spawn(path, [`--probes=${probes.join(",")}`, ...ratio], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  await new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the loader exited with ${code}:\n${log}`)));
    createInterface({ input: child.stderr! }).on("line", (line) => {
      log += `${line}\n`;
      if (line.includes('"event":"ready"')) resolve();
    });
  });
  return { pid: child.pid!, stop: () => stopChild(child, 10_000) };
}

export interface WrkResult {
  requests: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
}

export interface WrkRun {
  url: string;
  seconds: number;
  connections: number;
  /** Requests per second; undefined: as fast as the application answers. */
  rate?: number;
}

/**
 * One wrk run: one thread, on this process's CPU (inherited affinity), at real-time priority
 * (SCHED_FIFO 1) so that nothing else on its core delays it: wrk stands in for clients on other
 * hosts, and its latency figures and its pace must not measure the agent sharing its core.
 */
export async function runWrk(run: WrkRun): Promise<WrkResult> {
  const args = [
    "-f",
    "1",
    "wrk",
    "-t1",
    `-c${run.connections}`,
    `-d${run.seconds}s`,
    "-s",
    join(import.meta.dirname, "agent-wrk.lua"),
    run.url,
  ];
  const child = spawn("chrt", args, {
    env: { ...process.env, BENCH_WRK_RATE: run.rate === undefined ? "" : String(run.rate) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (c: Buffer) => {
    out += c;
  });
  child.stderr!.on("data", (c: Buffer) => {
    out += c;
  });
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  const line = /^BENCH_WRK (.*)$/m.exec(out)?.[1];
  if (code !== 0 || !line) throw new Error(`chrt ${args.join(" ")} failed (exit ${code}):\n${out}`);
  const r = JSON.parse(line) as Record<string, number>;
  return {
    requests: r.requests!,
    seconds: r.durationUs! / 1e6,
    p50Ms: r.p50Us! / 1000,
    p99Ms: r.p99Us! / 1000,
    maxMs: r.maxUs! / 1000,
    errors: r.errors!,
  };
}
