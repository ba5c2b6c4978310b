// Reads a V8 CPU profile (node --cpu-prof) of the agent and says where its CPU went during one
// time window (the load, not start-up): self time per function and per source file.
import { readFileSync } from "node:fs";
import { relative } from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileLine {
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  /** Sampled time in the window, idle excluded. */
  busyMs: number;
  functions: ProfileLine[];
  files: ProfileLine[];
  samples: number;
}

/** Where a frame's code lives: a repo path, node's own (`node:…`), a package, or V8's buckets. */
function place(url: string, root: string): string {
  if (url === "") return "(V8/native)";
  if (url.startsWith("node:")) return url;
  const path = url.startsWith("file://") ? new URL(url).pathname : url;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (pkg) return `npm ${pkg[1]}`;
  return relative(root, path);
}

/**
 * Self time per function and per file between `fromUs` and `toUs` (the profile's clock:
 * CLOCK_MONOTONIC µs, the same as process.hrtime here).
 */
export function summarizeProfile(path: string, root: string, fromUs: number, toUs: number): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  let t = profile.startTime;
  let samples = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i]!;
    // A sample's time is the interval up to the next sample.
    const next = profile.timeDeltas[i + 1] ?? 0;
    if (t < fromUs || t > toUs) continue;
    samples++;
    const id = profile.samples[i]!;
    selfUs.set(id, (selfUs.get(id) ?? 0) + next);
  }
  const functions = new Map<string, number>();
  const files = new Map<string, number>();
  let busyUs = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === "(idle)") continue;
    busyUs += us;
    const where = place(frame.url, root);
    const fn =
      frame.url === "" ? frame.functionName : `${frame.functionName || "(anonymous)"} ${where}:${frame.lineNumber + 1}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
    files.set(where, (files.get(where) ?? 0) + us);
  }
  const lines = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .map(([name, us]) => ({ name, ms: us / 1000, share: busyUs > 0 ? us / busyUs : 0 }));
  return { busyMs: busyUs / 1000, functions: lines(functions), files: lines(files), samples };
}
