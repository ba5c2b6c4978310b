// A server a spec starts for itself (node --import tsx <script>), ready once `readyUrl` answers
// below 500; stop() ends it with SIGTERM (SIGKILL after 15 s). Its output is kept for the error
// when it does not come up.
import { type ChildProcess, spawn } from "node:child_process";
import { paths } from "./env.ts";

export interface ChildServer {
  /** What the process printed, oldest first (the last 200 lines). */
  readonly output: string[];
  stop(): Promise<void>;
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(5_000) });
    await response.body?.cancel();
    return response.status < 500;
  } catch {
    return false;
  }
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
}

export async function startChildServer(options: {
  name: string;
  /** The script and its arguments, relative to the repository root. */
  args: string[];
  env: Record<string, string>;
  readyUrl: string;
  timeoutMs?: number;
}): Promise<ChildServer> {
  // Otherwise a server left over on the port (another run's) would pass for this one.
  if (await answers(options.readyUrl)) {
    throw new Error(`${options.name}: something already answers at ${options.readyUrl}; stop it first`);
  }
  const child = spawn(process.execPath, ["--import", "tsx", ...options.args], {
    cwd: paths.root,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Should the worker end without stopping it (a crash, Ctrl-C), the server does not outlive it.
  const orphaned = () => child.kill("SIGTERM");
  process.once("exit", orphaned);
  const output: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      output.push(...chunk.split("\n").filter(Boolean));
      output.splice(0, Math.max(0, output.length - 200));
    });
  }
  const stop = async () => {
    process.off("exit", orphaned);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const done = exited(child);
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await done;
    clearTimeout(timer);
  };
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (!(await answers(options.readyUrl)) || child.exitCode !== null) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(
        `${options.name} did not answer at ${options.readyUrl} (exit ${child.exitCode ?? "none"}):\n${output.slice(-30).join("\n")}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { output, stop };
}
