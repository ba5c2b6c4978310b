// A pino line becomes a log record with its error's stack; a sink that logs while taking a
// record does not take its own lines (no loop).
import { describe, expect, it } from "vitest";
import { exportLogs, log } from "../log.ts";
import type { LogSink } from "./log-export.ts";
import { toSelfLogRecord } from "./log-export.ts";

describe("toSelfLogRecord", () => {
  it("keeps the message, the level, the error as exception.* and the other fields as attributes", () => {
    const line = JSON.stringify({
      level: "error",
      time: "2026-01-01T00:00:00.000Z",
      pid: 1,
      msg: "insert failed",
      table: "otel_logs",
      rows: 3,
      detail: { a: 1 },
      error: { type: "Error", message: "disk full", stack: "Error: disk full\n    at write" },
    });
    expect(toSelfLogRecord(line)).toEqual({
      severity: "error",
      message: "insert failed",
      timeMs: Date.parse("2026-01-01T00:00:00.000Z"),
      attributes: { table: "otel_logs", rows: 3, detail: '{"a":1}' },
      error: { type: "Error", message: "disk full", stack: "Error: disk full\n    at write" },
    });
  });

  it("leaves out info and below", () => {
    expect(toSelfLogRecord(JSON.stringify({ level: "info", msg: "listening" }))).toBeUndefined();
  });
});

describe("exportLogs", () => {
  it("hands warn and above to the sink with the stack, not info, and not what the sink itself logs", () => {
    const taken: string[] = [];
    const sink: LogSink = (record) => {
      taken.push(`${record.severity} ${record.message} ${record.error?.stack?.split("\n")[0] ?? ""}`.trim());
      log.warn("the sink logged while taking a record");
    };
    const stop = exportLogs(sink);
    log.info("not exported");
    log.warn("exported");
    log.error("failed", { error: new Error("boom") });
    stop();
    log.error("after stop");
    expect(taken).toEqual(["warn exported", "error failed Error: boom"]);
  });
});
