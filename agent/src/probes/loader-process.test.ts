// The supervisor against real child processes standing in for the loader: small Node scripts
// that print status lines, write frames and exit the way the loader does.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LoaderEvent, LoaderProcess } from "./loader-process.ts";
import type { ProbeRecord } from "./records.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tracelight-loader-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A stand-in loader: `body` runs in node; it gets the args the supervisor passes. */
async function fakeLoader(name: string, body: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `#!${process.execPath}\n${body}\n`, { mode: 0o755 });
  return path;
}

const STATS_FRAME = `(() => { const b = Buffer.alloc(56); b.writeUInt32LE(4, 0); b.writeUInt32LE(48, 4); b.writeBigUInt64LE(7n, 24); return b; })()`;

function run(path: string, extra: Partial<ConstructorParameters<typeof LoaderProcess>[0]> = {}) {
  const events: LoaderEvent[] = [];
  const records: ProbeRecord[] = [];
  let resolveExit: (e: LoaderEvent) => void = () => {};
  const exits: Promise<LoaderEvent>[] = [];
  const nextExit = () => {
    const p = new Promise<LoaderEvent>((r) => {
      resolveExit = r;
    });
    exits.push(p);
    return p;
  };
  let waiting = nextExit();
  const loader = new LoaderProcess({
    path,
    probes: ["http", "tcp"],
    ignoreTgids: [1234],
    initialBackoffMs: 50,
    maxBackoffMs: 200,
    onRecords: (r) => records.push(...r),
    onEvent: (e) => {
      events.push(e);
      if (e.event === "exit") {
        const resolve = resolveExit;
        waiting = nextExit();
        resolve(e);
      }
    },
    ...extra,
  });
  return { loader, events, records, nextExit: () => waiting };
}

describe("LoaderProcess", () => {
  it("passes the probes and ignored processes, reads statuses and records, and stops on request", async () => {
    const path = await fakeLoader(
      "ok.js",
      `process.stderr.write(JSON.stringify({ event: "probe", probe: "http", state: "on" }) + "\\n");
       process.stderr.write(JSON.stringify({ event: "probe", probe: "tcp", state: "off", reason: "no tracefs" }) + "\\n");
       process.stderr.write("libbpf: some plain text\\n");
       process.stderr.write(JSON.stringify({ event: "info", message: process.argv.slice(2).join(" ") }) + "\\n");
       process.stderr.write(JSON.stringify({ event: "ready" }) + "\\n");
       const frame = ${STATS_FRAME};
       // Split mid-frame: the reader must join the pieces.
       process.stdout.write(frame.subarray(0, 5)); setTimeout(() => process.stdout.write(frame.subarray(5)), 20);
       process.on("SIGTERM", () => process.exit(0));
       setInterval(() => {}, 1000);`,
    );
    const { loader, events, records, nextExit } = run(path);
    loader.start();
    await expect.poll(() => records.length).toBe(1);
    expect(records[0]).toMatchObject({ kind: "stats", httpDrops: 7n });
    expect(events.slice(0, 5)).toEqual([
      { event: "probe", status: { probe: "http", state: "on" } },
      { event: "probe", status: { probe: "tcp", state: "off", reason: "no tracefs" } },
      { event: "message", level: "error", message: "libbpf: some plain text" },
      { event: "message", level: "info", message: "--probes=http,tcp --ignore-tgid=1234" },
      { event: "ready" },
    ]);
    const exit = nextExit();
    await loader.stop();
    expect(await exit).toMatchObject({ event: "exit", code: 0, restartInMs: undefined });
  });

  it("restarts a loader that dies, with growing delays, and never one that could load no probe", async () => {
    const crashing = await fakeLoader("crash.js", "process.exit(1)");
    const crash = run(crashing);
    crash.loader.start();
    const delays: (number | undefined)[] = [];
    for (let i = 0; i < 4; i++) {
      const exit = await crash.nextExit();
      if (exit.event === "exit") delays.push(exit.restartInMs);
    }
    await crash.loader.stop();
    expect(delays).toEqual([50, 100, 200, 200]);

    const hopeless = await fakeLoader(
      "no-probes.js",
      `process.stderr.write(JSON.stringify({ event: "probe", probe: "http", state: "off", reason: "EPERM" }) + "\\n"); process.exit(3)`,
    );
    const none = run(hopeless);
    none.loader.start();
    expect(await none.nextExit()).toMatchObject({ event: "exit", code: 3, restartInMs: undefined });
    await new Promise((r) => setTimeout(r, 150));
    expect(none.events.filter((e) => e.event === "exit")).toHaveLength(1);
  });

  it("restarts the loader when its record stream is corrupt", async () => {
    const path = await fakeLoader(
      "corrupt.js",
      `const b = Buffer.alloc(8); b.writeUInt32LE(1, 0); b.writeUInt32LE(1 << 30, 4); process.stdout.write(b);
       process.on("SIGTERM", () => process.exit(143)); setInterval(() => {}, 1000);`,
    );
    const { loader, events, nextExit } = run(path);
    loader.start();
    const exit = await nextExit();
    await loader.stop();
    expect(loader.corruptStreams).toBeGreaterThanOrEqual(1);
    expect(events.some((e) => e.event === "message" && e.message.includes("the stream is corrupt"))).toBe(true);
    expect(exit).toMatchObject({ event: "exit" });
    expect((exit as { restartInMs?: number }).restartInMs).toBe(50);
  });

  it("says so when the loader cannot be run at all", async () => {
    const { loader, events, nextExit } = run(join(dir, "missing-binary"));
    loader.start();
    await nextExit();
    await loader.stop();
    expect(events.some((e) => e.event === "message" && e.message.startsWith("cannot run"))).toBe(true);
  });
});
