// Runs the loader (bpf/build/tracelight-probes) as a child process: its stdout carries the
// probes' records, its stderr one JSON status line per event. A loader that dies is restarted
// with backoff; one that could load no probe at all (exit 3) is not, and the agent carries on
// with /proc data alone.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { RestartPolicy } from "@tracelight/backoff";
import type { Probe } from "../config.ts";
import { FrameReader, type ProbeRecord } from "./records.ts";

/** The loader's exit code when no probe could be loaded (privileges, kernel, tracefs). */
export const EXIT_NO_PROBES = 3;

export type ProbeState =
  | { probe: string; state: "on"; note?: string }
  | { probe: string; state: "off"; reason: string };

export type LoaderEvent =
  | { event: "probe"; status: ProbeState }
  | { event: "ready" }
  | { event: "message"; level: "info" | "error"; message: string }
  | { event: "exit"; code: number | null; signal: string | null; restartInMs: number | undefined };

export interface LoaderOptions {
  path: string;
  probes: readonly Probe[];
  /** Processes the probes leave out (the agent itself). */
  ignoreTgids: readonly number[];
  /** Share of new traces whose exchanges the loader passes on as spans (it counts them all). */
  sampleRatio?: number;
  /** Exchanges at least this long are always passed on. */
  slowMs?: number;
  onRecords: (records: ProbeRecord[]) => void;
  onEvent: (event: LoaderEvent) => void;
  /** Runs the loader through another command (tests use this to drop privileges). */
  wrapper?: readonly string[];
  /** First restart's wait (default 1 s), doubling per death up to maxBackoffMs (default 60 s). */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}

/** A stderr line of the loader: JSON status, or plain text (libbpf, a crash). */
function parseStatusLine(line: string): LoaderEvent | undefined {
  if (line.trim() === "") return undefined;
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return { event: "message", level: "error", message: line };
  }
  const probe = String(parsed.probe ?? "");
  switch (parsed.event) {
    case "probe":
      if (parsed.state !== "on")
        return { event: "probe", status: { probe, state: "off", reason: String(parsed.reason ?? "unknown reason") } };
      return {
        event: "probe",
        status: parsed.note ? { probe, state: "on", note: String(parsed.note) } : { probe, state: "on" },
      };
    case "ready":
      return { event: "ready" };
    case "stopped":
      // Its exit is reported by the process supervisor.
      return undefined;
    case "tracefs":
      return {
        event: "message",
        level: "info",
        message:
          parsed.state === "mounted" ? `mounted tracefs at ${parsed.path}` : `tracefs: ${String(parsed.reason ?? "")}`,
      };
    case "error":
      return { event: "message", level: "error", message: String(parsed.message ?? line) };
    default:
      return { event: "message", level: "info", message: String(parsed.message ?? line) };
  }
}

export class LoaderProcess {
  private child: ChildProcess | undefined;
  private stopped = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private readonly restarts: RestartPolicy;
  private startedAt = 0;
  private exited: Promise<void> = Promise.resolve();
  /** Bytes of the record stream that could not be framed (the loader is then restarted). */
  corruptStreams = 0;

  constructor(private readonly options: LoaderOptions) {
    // A loader that ran a minute before dying starts over from the first wait; one is never given
    // up, since the agent without it loses every probe.
    this.restarts = new RestartPolicy({
      initialDelayMs: options.initialBackoffMs ?? 1000,
      maxDelayMs: options.maxBackoffMs ?? 60_000,
      stableAfterMs: 60_000,
      maxQuickDeaths: Number.POSITIVE_INFINITY,
    });
  }

  /** Whether the loader binary exists (it is built by `make -C bpf`). */
  static available(path: string): boolean {
    return existsSync(path);
  }

  start(): void {
    if (this.stopped) return;
    const args = [`--probes=${this.options.probes.join(",")}`];
    for (const tgid of this.options.ignoreTgids) args.push(`--ignore-tgid=${tgid}`);
    if (this.options.sampleRatio !== undefined) args.push(`--sample-ratio=${this.options.sampleRatio}`);
    if (this.options.slowMs !== undefined) args.push(`--slow-ms=${this.options.slowMs}`);
    const [command, ...prefix] = [...(this.options.wrapper ?? []), this.options.path];
    const child = spawn(command!, [...prefix, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    this.startedAt = Date.now();
    const reader = new FrameReader((error) =>
      this.options.onEvent({ event: "message", level: "error", message: `bad record: ${error.message}` }),
    );
    child.stdout!.on("data", (chunk: Buffer) => {
      try {
        const records = reader.push(chunk);
        if (records.length > 0) this.options.onRecords(records);
      } catch (error) {
        // The stream cannot be resynchronised: restart the loader rather than guess.
        this.corruptStreams++;
        this.options.onEvent({ event: "message", level: "error", message: (error as Error).message });
        child.kill("SIGTERM");
      }
    });
    createInterface({ input: child.stderr! }).on("line", (line) => {
      const event = parseStatusLine(line);
      if (event) this.options.onEvent(event);
    });
    this.exited = new Promise((resolve) => {
      child.on("error", (error) => {
        this.options.onEvent({ event: "message", level: "error", message: `cannot run ${command}: ${error.message}` });
      });
      child.on("close", (code, signal) => {
        this.child = undefined;
        resolve();
        this.afterExit(code, signal);
      });
    });
  }

  private afterExit(code: number | null, signal: string | null): void {
    const restart = !this.stopped && code !== EXIT_NO_PROBES && code !== 0;
    if (!restart) {
      this.options.onEvent({ event: "exit", code, signal, restartInMs: undefined });
      return;
    }
    const decision = this.restarts.onExit(Date.now() - this.startedAt);
    const restartInMs = decision.restart ? decision.delayMs : undefined;
    this.options.onEvent({ event: "exit", code, signal, restartInMs });
    if (restartInMs !== undefined) this.restartTimer = setTimeout(() => this.start(), restartInMs);
  }

  /** Stops the loader (SIGTERM, then SIGKILL after 5 s) and does not restart it. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child) return;
    const kill = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.kill("SIGTERM");
    await this.exited;
    clearTimeout(kill);
  }
}
