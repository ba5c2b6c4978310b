import type { LogRecord } from "@tracelight/contracts";
import { describe, expect, it } from "vitest";
import { addBatch, addDropped, emptyTail, resume } from "./tail-buffer.ts";

const log = (n: number): LogRecord => ({
  timestamp: n,
  timestampUnixNano: `${n}000000`,
  severityText: "INFO",
  severityNumber: 9,
  body: `log ${n}`,
  serviceName: "svc",
  traceId: "",
  spanId: "",
  attributes: {},
  resourceAttributes: {},
});
const batch = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => log(from + i));
const bodies = (entries: { log: LogRecord }[]) => entries.map((e) => e.log.body);

describe("tail buffer", () => {
  it("puts the newest record first, across batches", () => {
    let b = addBatch(emptyTail(), batch(1, 3), false);
    b = addBatch(b, batch(4, 5), false);
    expect(bodies(b.rows)).toEqual(["log 5", "log 4", "log 3", "log 2", "log 1"]);
    expect(new Set(b.rows.map((e) => e.seq)).size).toBe(5);
    expect(b.received).toBe(5);
  });

  it("keeps at most max rows, dropping the oldest, even from one huge batch", () => {
    let b = addBatch(emptyTail(4), batch(1, 3), false);
    b = addBatch(b, batch(4, 6), false);
    expect(bodies(b.rows)).toEqual(["log 6", "log 5", "log 4", "log 3"]);
    b = addBatch(b, batch(10, 30), false);
    expect(bodies(b.rows)).toEqual(["log 30", "log 29", "log 28", "log 27"]);
    expect(b.received).toBe(27);
  });

  it("holds arrivals while paused and shows them on resume, still bounded", () => {
    let b = addBatch(emptyTail(3), batch(1, 2), false);
    b = addBatch(b, batch(3, 4), true);
    expect(bodies(b.rows)).toEqual(["log 2", "log 1"]);
    expect(bodies(b.pending)).toEqual(["log 4", "log 3"]);
    b = resume(b);
    expect(bodies(b.rows)).toEqual(["log 4", "log 3", "log 2"]);
    expect(b.pending).toEqual([]);
    expect(resume(b)).toBe(b);
  });

  it("counts dropped records and ignores nonsense counts", () => {
    let b = addDropped(emptyTail(), 12);
    b = addDropped(b, 3);
    expect(addDropped(b, -1)).toBe(b);
    expect(addDropped(b, Number.NaN)).toBe(b);
    expect(b.dropped).toBe(15);
  });

  it("returns the same buffer for an empty batch", () => {
    const b = emptyTail();
    expect(addBatch(b, [], false)).toBe(b);
  });
});
