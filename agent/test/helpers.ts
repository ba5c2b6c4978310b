// Shared by the agent's integration tests: the real Tracelight api in a child process (its
// public entry, embedded chDB in a temp dir, from @tracelight/testkit) and small helpers around it.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { apiToken, startApiProcess, until } from "@tracelight/testkit";
import { Agent } from "../src/agent.ts";
import { parseConfig } from "../src/config.ts";
import { buildProbes } from "../src/probes/build.ts";

export const repoRoot = join(import.meta.dirname, "../..");

const ADMIN = { email: "admin@agent.test", password: "agent-test-password" };

export interface TestApi {
  otlp: string;
  api: string;
  /** A viewer's credentials, for a request the test makes itself. */
  headers: { authorization: string };
  get<T>(path: string): Promise<T>;
  close(): Promise<void>;
}

/** The real api (ingest and query roles) on ephemeral ports over a fresh data directory; reads as a viewer. */
export async function startApi(env: Record<string, string> = {}): Promise<TestApi> {
  const service = await startApiProcess({ roles: "ingest,query", admin: ADMIN, env });
  const headers = {
    authorization: `Bearer ${await apiToken(service.origin, ADMIN, { name: "agent", role: "viewer" })}`,
  };
  return {
    otlp: service.otlpHttp,
    api: service.api,
    headers,
    async get<T>(path: string): Promise<T> {
      const response = await fetch(`${service.api}${path}`, { headers });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${text}`);
      return JSON.parse(text) as T;
    },
    close: () => service.stop(),
  };
}

/** How the tests wait for what the agent exported to be stored: an export and a group commit away. */
export const apiWait = { timeoutMs: 30_000, intervalMs: 500 };

/** Starts a Node script that prints one JSON line when ready; returns that line and the child. */
export async function startScript<T>(
  script: string,
  env: Record<string, string>,
): Promise<{ child: ChildProcess; ready: T }> {
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const ready = await new Promise<T>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
    createInterface({ input: child.stdout! }).once("line", (line) => resolve(JSON.parse(line) as T));
  });
  return { child, ready };
}

export const range = () => `from=${Date.now() - 15 * 60_000}&to=${Date.now() + 60_000}`;

/** Why this machine cannot load the agent's BPF programs (its tests skip and say so), or undefined. */
export const bpfMissing: string | undefined =
  process.getuid?.() !== 0
    ? "not root: loading BPF programs needs root (or CAP_BPF and CAP_PERFMON)"
    : !existsSync("/sys/kernel/btf/vmlinux")
      ? "the kernel has no BTF (/sys/kernel/btf/vmlinux): the CO-RE programs cannot be built"
      : undefined;

/**
 * The probes built, a real api, and an agent exporting to it every second with `env` on top,
 * once each of `probes` (TRACELIGHT_AGENT_PROBES) is on. The agent's log lines go to `logs`.
 */
export async function startAgentOnApi(
  probes: readonly string[],
  logs: string[],
  env: (api: TestApi) => Record<string, string> = () => ({}),
): Promise<{ api: TestApi; agent: Agent }> {
  const build = buildProbes(repoRoot, (line) => logs.push(line));
  if (!build.ok) throw new Error(`building the probes failed: ${build.reason}`);
  const api = await startApi();
  const config = parseConfig(
    {
      OTEL_EXPORTER_OTLP_ENDPOINT: api.otlp,
      TRACELIGHT_AGENT_EXPORT_INTERVAL_S: "1",
      TRACELIGHT_AGENT_PROBES: probes.join(","),
      ...env(api),
    },
    repoRoot,
  );
  const agent = new Agent({ config, log: (line) => logs.push(line) });
  agent.start();
  await until(
    `the probes ${probes.join(", ")} to be on`,
    async () => probes.every((p) => agent.status().probes.get(p)?.state === "on") || undefined,
    apiWait,
  );
  return { api, agent };
}
