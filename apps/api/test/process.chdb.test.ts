// The service as a process (main.ts, as `npm start` runs it) over real chDB: acknowledged data
// survives repeated kill -9, SIGTERM drains and exits 0, a bug outside request handling exits 70 with
// its stack logged, bad configuration exits 1 with a message.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { openTransport, sql } from "@tracelight/store";
import { afterEach, describe, expect, it } from "vitest";
import { type ChildService, runMain, startChild } from "./helpers/child.ts";
import { makeSpans } from "./helpers/telemetry.ts";

const dirs: string[] = [];
const children: ChildService[] = [];
afterEach(async () => {
  for (const c of children.splice(0))
    if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill("SIGKILL");
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function dataDir() {
  const dir = await mkdtemp(join(tmpdir(), "tracelight-process-"));
  dirs.push(dir);
  return dir;
}

async function start(dir: string, env: Record<string, string> = {}) {
  const child = await startChild({ TRACELIGHT_DATA_DIR: dir, ...env });
  children.push(child);
  return child;
}

/** Span IDs stored in `dir`, read by opening the store in this process (the child is gone). */
async function storedSpanIds(dir: string): Promise<Set<string>> {
  const transport = await openTransport({ dataDir: dir });
  try {
    const rows = await transport.query<{ SpanId: string }>(sql`SELECT SpanId FROM otel_traces`);
    return new Set(rows.map((r) => r.SpanId));
  } finally {
    await transport.close();
  }
}

/**
 * Sends requests from `workers` concurrent loops until stopped; returns the span IDs of every
 * request answered 200 (acknowledged) and how many requests failed (connection reset etc.).
 */
function load(url: string, workers: number) {
  const acked: string[] = [];
  let stopped = false;
  let failures = 0;
  let inflight = 0;
  const loops = Array.from({ length: workers }, async (_, w) => {
    while (!stopped) {
      const spans = makeSpans(`worker-${w}`, 50);
      inflight++;
      try {
        const response = await fetch(`${url}/v1/traces`, {
          method: "POST",
          body: ProtobufTraceSerializer.serializeRequest(spans) as Uint8Array,
          headers: { "content-type": "application/x-protobuf" },
        });
        await response.arrayBuffer();
        if (response.status === 200) acked.push(...spans.map((s) => s.spanContext().spanId));
      } catch {
        failures++;
        await new Promise((r) => setTimeout(r, 5));
      } finally {
        inflight--;
      }
    }
  });
  return {
    acked,
    failures: () => failures,
    inflight: () => inflight,
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

describe("fault: kill -9 during ingest", () => {
  const ROUNDS = 3;
  it(`every span acknowledged over ${ROUNDS} rounds of kill -9 mid-stream is stored after restart`, async () => {
    const dir = await dataDir();
    const acked: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // Each round after the first is a restart on the data directory the last kill left.
      const svc = await start(dir);
      const traffic = load(svc.otlpHttp, 8);
      // Let acknowledgements accumulate, then kill mid-stream.
      const deadline = Date.now() + 20_000;
      while (traffic.acked.length < 1_500 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const inflightAtKill = traffic.inflight();
      svc.child.kill("SIGKILL");
      const { signal } = await svc.exited;
      await traffic.stop();
      expect(signal).toBe("SIGKILL");
      expect(traffic.acked.length).toBeGreaterThan(500);
      expect(inflightAtKill).toBeGreaterThan(0); // killed mid-stream, with requests unanswered
      acked.push(...traffic.acked);
      console.log(
        `kill -9 round ${round}: ${traffic.acked.length} spans acknowledged, ${inflightAtKill} requests in flight`,
      );
    }

    // The last restart: it must come up, and serve.
    const last = await start(dir);
    const health = await fetch(`${last.otlpHttp}/readyz`);
    expect(health.status).toBe(200);
    last.child.kill("SIGTERM");
    expect((await last.exited).code).toBe(0);

    const stored = await storedSpanIds(dir);
    expect(acked.filter((id) => !stored.has(id))).toEqual([]);
    expect(stored.size).toBeGreaterThanOrEqual(acked.length);
    console.log(`kill -9 x${ROUNDS}: ${acked.length} spans acknowledged, ${stored.size} stored, 0 lost`);
  });
});

describe("SIGTERM", () => {
  it("stops accepting, drains in-flight writes, exits 0; everything acknowledged is stored", async () => {
    const dir = await dataDir();
    const svc = await start(dir);
    const traffic = load(svc.otlpHttp, 6);
    while (traffic.acked.length < 500) await new Promise((r) => setTimeout(r, 10));
    svc.child.kill("SIGTERM");
    const exit = await svc.exited;
    await traffic.stop();
    expect(exit.code).toBe(0);
    expect(svc.output()).toMatch(/"level":"info".*"signal":"SIGTERM","msg":"shutting down"/);
    expect(svc.output()).toMatch(/"level":"info".*"msg":"stopped"/);
    const stored = await storedSpanIds(dir);
    expect(traffic.acked.filter((id) => !stored.has(id))).toEqual([]);
  });
});

describe("a bug outside request handling", () => {
  const crashFixture = fileURLToPath(new URL("./fixtures/crash-on-signal.mjs", import.meta.url));

  for (const [kind, message] of [
    ["exception", "uncaught exception"],
    ["rejection", "unhandled rejection"],
  ] as const) {
    it(`an unhandled ${kind} is logged with its stack and exits 70, not serving on in an unknown state`, async () => {
      const svc = await start(await dataDir(), {
        CRASH_WITH: kind,
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import ${crashFixture}`,
      });
      svc.child.kill("SIGUSR2");
      expect(await svc.exited).toEqual({ code: 70, signal: null });
      const line = svc
        .output()
        .split("\n")
        .find((l) => l.includes(`"msg":"${message}"`));
      expect(line, svc.output()).toBeDefined();
      const entry = JSON.parse(line as string);
      expect(entry.level).toBe("fatal");
      expect(entry.error.stack).toMatch(/^Error: test: .*\n\s+at .*crash-on-signal\.mjs/);
    });
  }
});

describe("configuration", () => {
  it("invalid configuration → exit 1 with a message naming the variable", async () => {
    const run = runMain({ OTLP_HTTP_PORT: "not-a-port", TRACELIGHT_DATA_DIR: await dataDir() });
    const exit = await run.exited;
    expect(exit.code).toBe(1);
    expect(run.output()).toMatch(/tracelight: invalid configuration:\n\s+OTLP_HTTP_PORT: /);
  });

  it("an unknown role → exit 1", async () => {
    const run = runMain({ TRACELIGHT_DATA_DIR: await dataDir() }, ["--role", "ingest,frontend"]);
    expect((await run.exited).code).toBe(1);
    expect(run.output()).toContain('unknown role "frontend"');
  });
});
