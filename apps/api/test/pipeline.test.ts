// The ingest pipeline with the real decoders and a fake writer. The fake stands in for the
// store only to control timing (writes finish when the test says); the real store is used in
// ingest.chdb.test.ts and the receiver tests.
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { decodeTraces } from "@tracelight/otlp";
import { encodeSpans } from "@tracelight/store";
import { describe, expect, it } from "vitest";
import { IngestPipeline } from "../src/ingest/pipeline.ts";
import { RowEstimator } from "../src/ingest/row-estimate.ts";
import type { BlockWriter } from "../src/ingest/signals.ts";
import { makeSpans } from "./helpers/telemetry.ts";

function gatedWriter() {
  const gates: (() => void)[] = [];
  const written: number[] = [];
  const writer: BlockWriter = {
    insertEncoded: (blocks) =>
      new Promise<void>((resolve) =>
        gates.push(() => {
          written.push(blocks.reduce((n, b) => n + b.rowCount, 0));
          resolve();
        }),
      ),
  };
  const openAll = () => {
    for (const open of gates.splice(0)) open();
  };
  return { writer, written, openAll, pending: () => gates.length };
}

const limits = {
  maxQueuedRows: 100,
  maxQueuedBytes: 1 << 30,
  maxBatchRows: 100,
  retryAfterSeconds: 3,
  writeConcurrency: 1,
};
const body = (spans: number) => ProtobufTraceSerializer.serializeRequest(makeSpans("p", spans / 2)) as Uint8Array;
const tick = () => new Promise((r) => setImmediate(r));

describe("IngestPipeline", () => {
  it("refuses when decoded rows would exceed the budget, with Retry-After seconds", async () => {
    const { writer, openAll } = gatedWriter();
    const pipeline = new IngestPipeline(writer, limits);
    const first = pipeline.ingest("traces", body(60), "protobuf");
    await tick();
    await expect(pipeline.ingest("traces", body(60), "protobuf")).rejects.toMatchObject({
      kind: "overloaded",
      retryAfterSeconds: 3,
    });
    openAll();
    await expect(first).resolves.toEqual({ accepted: 60, rejected: 0, errors: [] });
    expect(pipeline.budget.rows).toBe(0);
  });

  it("learns request sizes and refuses at admission, before reading or decoding", async () => {
    const { writer, openAll, written } = gatedWriter();
    const pipeline = new IngestPipeline(writer, limits);
    const bytes = body(40);
    const a = pipeline.admit("traces/protobuf/identity", bytes.length); // nothing learned yet: 0 rows
    const first = pipeline.ingest("traces", bytes, "protobuf", a);
    await tick();
    const b = pipeline.admit("traces/protobuf/identity", bytes.length); // estimates 40 rows
    expect(pipeline.budget.rows).toBe(80);
    expect(() => pipeline.admit("traces/protobuf/identity", bytes.length)).toThrow(/ingest queue full/);
    const second = pipeline.ingest("traces", bytes, "protobuf", b);
    await tick();
    openAll();
    await first;
    await tick();
    openAll();
    await second;
    expect(written.reduce((x, y) => x + y, 0)).toBe(80);
    expect(pipeline.budget.rows).toBe(0);
    expect(pipeline.budget.bytes).toBe(0);
  });

  it("holds a queued request's encoded bytes in the budget, not its body's, until stored", async () => {
    const { writer, openAll } = gatedWriter();
    const pipeline = new IngestPipeline(writer, limits);
    const bytes = body(40);
    const done = pipeline.ingest("traces", bytes, "protobuf", pipeline.admit("traces/protobuf/identity", bytes.length));
    await tick();
    const encoded = encodeSpans(decodeTraces(bytes, "protobuf").rows).bytes.byteLength;
    expect(encoded).not.toBe(bytes.length);
    expect({ rows: pipeline.budget.rows, bytes: pipeline.budget.bytes }).toEqual({ rows: 40, bytes: encoded });
    openAll();
    await done;
    expect({ rows: pipeline.budget.rows, bytes: pipeline.budget.bytes }).toEqual({ rows: 0, bytes: 0 });
  });

  it("reports undecodable bodies as invalid with the decoder's message, and frees their room", async () => {
    const { writer } = gatedWriter();
    const pipeline = new IngestPipeline(writer, limits);
    const admission = pipeline.admit("traces/json/identity", 9);
    const attempt = pipeline.ingest("traces", new TextEncoder().encode('{"resou'), "json", admission);
    await expect(attempt).rejects.toMatchObject({ kind: "invalid" });
    await expect(attempt).rejects.toThrow(/\S{5,}/);
    expect(pipeline.budget.bytes).toBe(0);
  });

  it("answers a request with no rows at once, without a write", async () => {
    const { writer, pending } = gatedWriter();
    const pipeline = new IngestPipeline(writer, limits);
    await expect(pipeline.ingest("traces", new Uint8Array(0), "protobuf")).resolves.toEqual({
      accepted: 0,
      rejected: 0,
      errors: [],
    });
    expect(pending()).toBe(0);
    expect(pipeline.batchCount("traces")).toBe(0);
  });
});

describe("RowEstimator", () => {
  it("estimates 0 for unseen shapes and follows recent ratios", () => {
    const e = new RowEstimator();
    expect(e.estimate("x", 1000)).toBe(0);
    e.learn("x", 1000, 100);
    expect(e.estimate("x", 5000)).toBe(500);
    e.learn("x", 1000, 200);
    expect(e.estimate("x", 1000)).toBe(120); // 0.1 + 0.2 * (0.2 - 0.1)
    expect(e.estimate("y", 1000)).toBe(0);
  });
});
