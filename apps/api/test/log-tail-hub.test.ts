// Live tail's hub without HTTP: coalescing, batch size, order, slow clients (drops, bounded
// memory), heartbeats, clean-up; and the ingest pipeline's hook, which hands rows over only
// once they are stored.
import { ProtobufLogsSerializer } from "@opentelemetry/otlp-transformer";
import type { LogTailBatch, LogTailDropped } from "@tracelight/contracts";
import type { LogRow } from "@tracelight/otlp";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { IngestPipeline, type StoredLogsListener } from "../src/ingest/pipeline.ts";
import type { BlockWriter } from "../src/ingest/signals.ts";
import { LogTailHub, type SseOutput } from "../src/query/log-tail-hub.ts";
import { makeLogs } from "./helpers/telemetry.ts";

const T0 = 1_700_000_000_000n * 1_000_000n;

function row(i: number, overrides: Partial<LogRow> = {}): LogRow {
  return {
    Timestamp: T0 + BigInt(i),
    TraceId: "",
    SpanId: "",
    TraceFlags: 0,
    SeverityText: "INFO",
    SeverityNumber: 9,
    ServiceName: "svc",
    Body: `line ${i}`,
    ResourceSchemaUrl: "",
    ResourceAttributes: {},
    ScopeSchemaUrl: "",
    ScopeName: "",
    ScopeVersion: "",
    ScopeAttributes: {},
    LogAttributes: {},
    EventName: "",
    ...overrides,
  };
}
const rows = (from: number, count: number) => Array.from({ length: count }, (_, i) => row(from + i));

/** An SseOutput that records events; `full` makes write() report a full buffer. */
function output() {
  const chunks: string[] = [];
  let drain: (() => void) | undefined;
  const out = {
    full: false,
    ended: false,
    write(chunk: string) {
      chunks.push(chunk);
      return !out.full;
    },
    once(_event: "drain", listener: () => void) {
      drain = listener;
    },
    end() {
      out.ended = true;
    },
    drain() {
      out.full = false;
      drain?.();
    },
    /** Events in order: [name, data] (comments as ["comment", text]). */
    events(): [string, unknown][] {
      return chunks
        .join("")
        .split("\n\n")
        .filter((m) => m !== "")
        .map((m) => {
          if (m.startsWith(":")) return ["comment", m.slice(1).trim()];
          const [event, data] = m.split("\n");
          return [event?.replace("event: ", "") ?? "", JSON.parse(data?.replace("data: ", "") ?? "null")];
        });
    },
  };
  return out satisfies SseOutput;
}

const bodies = (events: [string, unknown][]) =>
  events.filter(([e]) => e === "logs").map(([, d]) => (d as LogTailBatch).logs.map((l) => l.body));

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("LogTailHub", () => {
  it("coalesces rows stored within 250 ms into one event, oldest first (newest last)", () => {
    const hub = new LogTailHub();
    const out = output();
    hub.open({ attr: [] }, out);
    hub.onLogsStored([row(2), row(1)]);
    vi.advanceTimersByTime(100);
    hub.onLogsStored([row(3)]);
    vi.advanceTimersByTime(149);
    expect(out.events()).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(bodies(out.events())).toEqual([["line 1", "line 2", "line 3"]]);
    hub.onLogsStored([row(4)]);
    vi.advanceTimersByTime(250);
    expect(bodies(out.events())).toEqual([["line 1", "line 2", "line 3"], ["line 4"]]);
  });

  it("sends at most 500 records per event", () => {
    const hub = new LogTailHub();
    const out = output();
    hub.open({ attr: [] }, out);
    hub.onLogsStored(rows(0, 1200));
    vi.advanceTimersByTime(250);
    expect(bodies(out.events()).map((b) => b.length)).toEqual([500, 500, 200]);
    expect(bodies(out.events()).flat()).toEqual(rows(0, 1200).map((r) => r.Body));
  });

  it("each stream gets only what its filters match", () => {
    const hub = new LogTailHub();
    const errors = output();
    const cart = output();
    hub.open({ severity: "ERROR", attr: [] }, errors);
    hub.open({ service: ["cart"], q: "Timeout", attr: [] }, cart);
    hub.onLogsStored([
      row(1, { SeverityNumber: 17, Body: "boom" }),
      row(2, { ServiceName: "cart", Body: "db timeout" }),
      row(3, { ServiceName: "cart", Body: "timeouts" }),
      row(4),
    ]);
    vi.advanceTimersByTime(250);
    expect(bodies(errors.events())).toEqual([["boom"]]);
    expect(bodies(cart.events())).toEqual([["db timeout"]]);
  });

  it("select keeps only rows some stream wants (none without streams), so ingest holds nothing else", () => {
    const hub = new LogTailHub();
    const all = rows(0, 5);
    expect(hub.select(all)).toEqual([]);
    hub.open({ q: "3", attr: [] }, output());
    hub.open({ q: "4", attr: [] }, output());
    expect(hub.select(all)).toEqual([all[3], all[4]]);
  });

  it("a slow client loses its oldest records, is told how many, and memory stays bounded", () => {
    const hub = new LogTailHub({ maxPending: 1000 });
    const out = output();
    const stream = hub.open({ attr: [] }, out);
    out.full = true;
    hub.onLogsStored(rows(0, 10));
    vi.advanceTimersByTime(250);
    expect(bodies(out.events())).toEqual([rows(0, 10).map((r) => r.Body)]);
    // Blocked: nothing more is written however much arrives; the backlog stays at maxPending.
    for (let i = 0; i < 30; i++) hub.onLogsStored(rows(10 + i * 100, 100));
    vi.advanceTimersByTime(5000);
    expect(out.events()).toHaveLength(1);
    expect(stream?.pendingCount).toBe(1000);
    out.drain();
    vi.advanceTimersByTime(250);
    const [, dropped, ...rest] = out.events();
    expect(dropped).toEqual(["dropped", { count: 2000 } satisfies LogTailDropped]);
    // The newest 1000 (rows 2010…3009) follow, in two events.
    expect(bodies(rest).flat()).toEqual(rows(2010, 1000).map((r) => r.Body));
    expect(stream?.pendingCount).toBe(0);
  });

  it("takes a batch far larger than a call's argument limit (no spread into push)", () => {
    const hub = new LogTailHub({ maxPending: 10 });
    const stream = hub.open({ attr: [] }, output());
    expect(() => hub.onLogsStored(rows(0, 200_000))).not.toThrow();
    expect(stream?.pendingCount).toBe(10);
  });

  it("opens at most maxStreams streams until one closes", () => {
    const hub = new LogTailHub({ maxStreams: 2 });
    const first = hub.open({ attr: [] }, output());
    hub.open({ attr: [] }, output());
    expect([hub.full, hub.open({ attr: [] }, output())]).toEqual([true, undefined]);
    first?.close();
    expect(hub.full).toBe(false);
    expect(hub.open({ attr: [] }, output())).toBeDefined();
  });

  it("writes a heartbeat comment every 15 s", () => {
    const hub = new LogTailHub();
    const out = output();
    hub.open({ attr: [] }, out);
    vi.advanceTimersByTime(15_000);
    expect(out.events()).toEqual([["comment", "heartbeat"]]);
    vi.advanceTimersByTime(15_000);
    expect(out.events()).toHaveLength(2);
  });

  it("a closed stream stops its timers and leaves the hub; hub.close ends every stream", () => {
    const hub = new LogTailHub();
    const a = output();
    const b = output();
    const stream = hub.open({ attr: [] }, a);
    hub.open({ attr: [] }, b);
    hub.onLogsStored([row(1)]);
    stream?.close();
    expect(hub.size).toBe(1);
    vi.advanceTimersByTime(60_000);
    expect(a.events()).toEqual([]);
    expect(a.ended).toBe(false);
    hub.close();
    expect([hub.size, b.ended]).toEqual([0, true]);
    expect(hub.open({ attr: [] }, output())).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("IngestPipeline's stored-logs hook", () => {
  const limits = {
    maxQueuedRows: 1000,
    maxQueuedBytes: 1 << 30,
    maxBatchRows: 1000,
    retryAfterSeconds: 1,
    writeConcurrency: 1,
  };
  const body = () => ProtobufLogsSerializer.serializeRequest(makeLogs("hooked", 4)) as Uint8Array;

  function setup(fail = false) {
    vi.useRealTimers();
    let release: () => void = () => {};
    const writer: BlockWriter = {
      insertEncoded: () =>
        new Promise<void>((resolve, reject) => {
          release = () => (fail ? reject(new Error("disk full")) : resolve());
        }),
    };
    const stored: LogRow[][] = [];
    const listener: StoredLogsListener = {
      select: (rows) => rows.filter((r) => r.SeverityNumber >= 17),
      onLogsStored: (rows) => stored.push([...rows]),
    };
    const pipeline = new IngestPipeline(writer, limits, { logsListener: listener });
    return { pipeline, stored, release: () => release() };
  }
  const tick = () => new Promise((r) => setImmediate(r));

  it("hands over the selected rows once they are stored, before the request is acknowledged", async () => {
    const { pipeline, stored, release } = setup();
    const done = pipeline.ingest("logs", body(), "protobuf");
    await tick();
    expect(stored).toEqual([]);
    release();
    await expect(done).resolves.toMatchObject({ accepted: 4 });
    expect(stored.map((rows) => rows.map((r) => r.Body))).toEqual([
      ["log line 1 from hooked", "log line 3 from hooked"],
    ]);
  });

  it("hands over nothing when the write fails", async () => {
    const { pipeline, stored, release } = setup(true);
    const done = pipeline.ingest("logs", body(), "protobuf");
    await tick();
    release();
    await expect(done).rejects.toMatchObject({ kind: "store_failed" });
    expect(stored).toEqual([]);
  });
});
