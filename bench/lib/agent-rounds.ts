// One round of `npm run bench:agent`: wrk against the application for a fixed time, without the
// agent or with a freshly started one, and what it cost: the application's requests and CPU,
// both cores' busy time, and the agent's own CPU (its node process and the loader below it).
// With the agent, the round ends by stopping it, which drains the loader and exports the last
// batch; then the spans that arrived are counted against the requests the application served.
import { setTimeout as sleep } from "node:timers/promises";
import type { Ballast } from "./agent-ballast.ts";
import {
  coreBusyNs,
  endedChildrenCpuNs,
  mainThreadCpuNs,
  otherCpuNs,
  processCpuNs,
  processTree,
  sampleMachine,
  treeCpuNs,
} from "./agent-cpu.ts";
import { type AgentLaunch, type App, runWrk, startAgent, startLoader, type WrkResult } from "./agent-processes.ts";
import type { OtlpSink } from "./agent-sink.ts";

/** No agent; the probes' loader alone, output thrown away; the whole agent. */
export type Kind = "baseline" | "probes" | "agent";

export interface Events {
  /** Requests the application answered while the agent ran (the warm-up's included). */
  served: number;
  /** Kind-1 records the kernel side wrote (every traced process: the app's and wrk's). */
  kernelHttp: number;
  /** Ring-buffer output failures, http and tcp. */
  kernelDrops: number;
  spansBuilt: number;
  /** Dropped or refused in the agent's exporter. */
  spansDropped: number;
  spansReceived: number;
  /** Server spans of the application that reached the receiver. */
  appServerSpans: number;
  /** Requests the application's RED histogram counted (it must count every one, spans sampled or not). */
  redCount: number;
}

export interface RoundResult {
  kind: Kind;
  wrk: WrkResult;
  /** Requests the application answered during the load window. */
  served: number;
  windowNs: number;
  appCpuNs: number;
  appCoreBusyNs: number;
  loadCoreBusyNs: number;
  wrkCpuNs: number;
  /**
   * CPU time of the machine's other processes (not the app, wrk, the agent or this process)
   * during the load: other work, which disturbs the round; and the busiest of them.
   */
  otherNs: number;
  otherBusiest: string;
  /** The agent's node process (all its threads). */
  agentNodeNs: number;
  /** Of agentNodeNs, its main thread (JavaScript); the rest is V8's helpers (GC) and libuv's pool (gzip). */
  agentMainNs: number;
  /** Everything below the agent (the loader), or the loader alone on the probes-only side. */
  agentLoaderNs: number;
  events: Events | undefined;
  /** CLOCK_MONOTONIC µs of the load window (for the profile). */
  windowUs: [number, number];
  /** The probes' states as the agent logged them (`http: on`, …). */
  probes: string[];
}

export interface RoundPlan {
  app: App;
  sink: OtlpSink;
  appCpu: number;
  loadCpu: number;
  seconds: number;
  connections: number;
  rate: number | undefined;
  agent: AgentLaunch;
  probes: readonly string[];
  /** Seconds of the same load before the measured window, on every side. */
  warmupSeconds: number;
  /** The agent's span sampling ratio (the loader alone gets it too). */
  sampleRatio: number;
  /** The spinners that keep both cores busy, when on. */
  ballast: Ballast | undefined;
  /** Called while the agent still runs, right after the load (reads BPF program stats). */
  beforeAgentStop?: () => void;
}

const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

/** An agent that has finished starting: this little of a core over a second, idle. */
const SETTLED_PERCENT = 5;
const SETTLE_MAX_MS = 30_000;

/**
 * Waits until start-up (TypeScript compiled on the fly, modules loaded, the first /proc scan) is
 * over — on a busy machine it takes many seconds — so a round measures what the agent costs
 * while it runs, not while it starts; at most SETTLE_MAX_MS.
 */
async function settle(pid: number): Promise<void> {
  const cpu = () => [...treeCpuNs(pid).values()].reduce((a, b) => a + b, 0);
  await sleep(1500);
  for (const deadline = Date.now() + SETTLE_MAX_MS; Date.now() < deadline; ) {
    const before = cpu();
    await sleep(1000);
    if ((100 * (cpu() - before)) / 1e9 < SETTLED_PERCENT) return;
  }
}

export async function runRound(kind: Kind, plan: RoundPlan): Promise<RoundResult> {
  const agent = kind === "agent" ? await startAgent(plan.agent, plan.probes) : undefined;
  const loader =
    kind === "probes" ? await startLoader(plan.agent.loaderPath, plan.probes, plan.sampleRatio) : undefined;
  /** The root of the processes measured as the agent's. */
  const watched = agent?.pid ?? loader?.pid;
  try {
    if (agent) await settle(agent.pid);
    // The agent counts and traces the warm-up's requests too.
    const servedBeforeWarmup = await plan.app.served();
    // The same load first, unmeasured: a fresh agent runs its per-span code unoptimized until V8
    // has seen enough of it, which a long-running agent never does.
    if (plan.warmupSeconds > 0)
      await runWrk({
        url: `http://127.0.0.1:${plan.app.port}/`,
        seconds: plan.warmupSeconds,
        connections: plan.connections,
        rate: plan.rate,
      });
    const servedBefore = await plan.app.served();
    const cores0 = coreBusyNs();
    const ballast0 = [plan.ballast?.cpuNs(plan.appCpu) ?? 0, plan.ballast?.cpuNs(plan.loadCpu) ?? 0];
    const app0 = processCpuNs(plan.app.pid);
    const agent0 = watched ? treeCpuNs(watched) : new Map<number, number>();
    const main0 = agent ? mainThreadCpuNs(agent.pid) : 0;
    const children0 = endedChildrenCpuNs();
    const machine0 = sampleMachine();
    const t0 = process.hrtime.bigint();
    const us0 = monotonicUs();
    const wrk = await runWrk({
      url: `http://127.0.0.1:${plan.app.port}/`,
      seconds: plan.seconds,
      connections: plan.connections,
      rate: plan.rate,
    });
    const us1 = monotonicUs();
    const windowNs = Number(process.hrtime.bigint() - t0);
    const app1 = processCpuNs(plan.app.pid);
    const agent1 = watched ? treeCpuNs(watched) : new Map<number, number>();
    const main1 = agent ? mainThreadCpuNs(agent.pid) : 0;
    const ours = new Set([
      plan.app.pid,
      process.pid,
      process.ppid, // npm run, when started that way
      ...(plan.ballast?.pids ?? []),
      ...(watched ? processTree(watched) : []),
    ]);
    const other = otherCpuNs(machine0, sampleMachine(), ours);
    const wrkCpuNs = endedChildrenCpuNs() - children0;
    const cores1 = coreBusyNs();
    const ballast1 = [plan.ballast?.cpuNs(plan.appCpu) ?? 0, plan.ballast?.cpuNs(plan.loadCpu) ?? 0];
    const served = (await plan.app.served()) - servedBefore;
    let agentNodeNs = 0;
    let agentLoaderNs = 0;
    for (const [pid, ns] of agent1) {
      const delta = ns - (agent0.get(pid) ?? 0);
      if (pid === agent?.pid) agentNodeNs += delta;
      else agentLoaderNs += delta;
    }
    const busy = (cpu: number) => cores1.get(cpu)! - cores0.get(cpu)!;
    let events: Events | undefined;
    let probes: string[] = [];
    if (agent) {
      plan.beforeAgentStop?.();
      probes = agent.probes;
      const code = await agent.stop();
      if (code !== 0) process.stderr.write(`the agent exited with ${code}:\n${agent.log.slice(-10).join("\n")}\n`);
      const received = plan.sink.take(plan.app.pid);
      const probe = (key: string) => received.probeEvents.get(key) ?? 0;
      events = {
        served: (await plan.app.served()) - servedBeforeWarmup,
        kernelHttp: probe("outcome=emitted,probe=http"),
        kernelDrops: probe("outcome=dropped,probe=http") + probe("outcome=dropped,probe=tcp"),
        spansBuilt: received.agentSpans.get("outcome=built") ?? 0,
        spansDropped: received.agentSpans.get("outcome=dropped") ?? 0,
        spansReceived: received.spans,
        appServerSpans: received.serverSpansOf,
        redCount: received.redCount,
      };
    } else {
      await loader?.stop();
      plan.sink.take(plan.app.pid);
    }
    return {
      kind,
      wrk,
      served,
      windowNs,
      appCpuNs: app1 - app0,
      // The spinners' time is not work.
      appCoreBusyNs: busy(plan.appCpu) - (ballast1[0]! - ballast0[0]!),
      loadCoreBusyNs: busy(plan.loadCpu) - (ballast1[1]! - ballast0[1]!),
      wrkCpuNs,
      otherNs: other.ns,
      otherBusiest: other.busiest,
      agentNodeNs,
      agentMainNs: main1 - main0,
      agentLoaderNs,
      events,
      windowUs: [us0, us1],
      probes,
    };
  } catch (error) {
    await agent?.stop();
    await loader?.stop();
    throw error;
  }
}
