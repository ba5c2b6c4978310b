// Shared by the agent's integration tests: a real Tracelight api in this process (embedded
// chDB in a temp dir, the api's own test harness) and small helpers around it.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { startTestService } from "@tracelight/api/test/helpers/service.ts";

export const repoRoot = join(import.meta.dirname, "../..");

export interface TestApi {
  otlp: string;
  api: string;
  get<T>(path: string): Promise<T>;
  close(): Promise<void>;
}

/** The real api (ingest and query roles) on ephemeral ports over a fresh data directory. */
export async function startApi(env: Record<string, string> = {}): Promise<TestApi> {
  const service = await startTestService(env, { roles: "ingest,query" });
  const api = `http://127.0.0.1:${service.service.ports.api}/api/v1`;
  return {
    otlp: service.otlpHttp,
    api,
    async get<T>(path: string): Promise<T> {
      const response = await fetch(`${api}${path}`);
      const text = await response.text();
      if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${text}`);
      return JSON.parse(text) as T;
    },
    close: () => service.close(),
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
