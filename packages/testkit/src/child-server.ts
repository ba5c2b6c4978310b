// A server a test or bench starts for itself as `node <args>` (a script under tsx, `next
// start`, a test OpenID provider), ready once `readyUrl` answers below 500. Refused when its
// port is already taken, so a server left over from another run cannot pass for this one.
import { createConnection } from "node:net";
import { spawnNode } from "./child-process.ts";

export interface ChildServerOptions {
  /** For errors: "web", "OpenID provider". */
  name: string;
  /** node's arguments: ["--import", "tsx", "path/to/main.ts", …] or [nextBin, "start", …]. */
  args: string[];
  /** Default: the repository root. */
  cwd?: string;
  /** Added to this process's environment. */
  env?: Record<string, string>;
  readyUrl: string;
  /** Default 60 s. */
  timeoutMs?: number;
}

export interface ChildServer {
  /** The origin of `readyUrl`. */
  url: string;
  pid: number;
  /** What it printed so far. */
  output(): string;
  /** SIGTERM (SIGKILL after 15 s), then waits for it to exit. */
  stop(): Promise<void>;
}

function portInUse(url: URL): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: url.hostname, port: Number(url.port || 80) });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
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

export async function startChildServer(options: ChildServerOptions): Promise<ChildServer> {
  const ready = new URL(options.readyUrl);
  if (await portInUse(ready)) {
    throw new Error(`${options.name}: port ${ready.port} is already in use (a previous run still up?); stop it first`);
  }
  const server = spawnNode(options.args, { cwd: options.cwd, env: options.env });
  const timeoutMs = options.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  while (!(await answers(options.readyUrl))) {
    const exit = server.child.exitCode ?? server.child.signalCode;
    if (exit !== null || Date.now() > deadline) {
      await server.stop();
      const why = exit !== null ? `exited (${exit})` : `did not answer in ${timeoutMs} ms`;
      throw new Error(`${options.name} ${why} at ${options.readyUrl}:\n${server.output().slice(-8_000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url: ready.origin, pid: server.pid, output: server.output, stop: server.stop };
}
