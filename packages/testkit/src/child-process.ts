// One way to run a server under test in a child process, for the api process (api-process.ts)
// and the servers ready at a URL (child-server.ts): its output kept for the error when it does
// not come up, stopped with SIGTERM (SIGKILL after 15 s), and never outliving the test process.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

export const REPO_ROOT = join(import.meta.dirname, "../../..");

/** What is kept of a child's output: its last characters. */
const OUTPUT_KEPT = 1 << 20;

export interface Child {
  child: ChildProcess;
  pid: number;
  /** What it printed so far (its last 1 MiB). */
  output(): string;
  /** Resolves when it has exited. */
  exited: Promise<void>;
  /** SIGTERM (SIGKILL after 15 s), then waits for it to exit. */
  stop(): Promise<void>;
}

/** Runs `node <args>` in `cwd` (default the repository root) with `env` over this process's. */
export function spawnNode(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Child {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Should the test end without stopping it (a crash, a timeout), the child does not outlive it.
  const orphaned = () => child.kill("SIGTERM");
  process.once("exit", orphaned);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let output = "";
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on("data", (chunk: Buffer) => {
      output += chunk;
      if (output.length > 2 * OUTPUT_KEPT) output = output.slice(-OUTPUT_KEPT);
    });
  }
  return {
    child,
    pid: child.pid!,
    output: () => output.slice(-OUTPUT_KEPT),
    exited,
    async stop() {
      process.off("exit", orphaned);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const stuck = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(stuck);
    },
  };
}
