// Group commit against the real engine: concurrent requests through the ingest pipeline and
// the real TelemetryWriter into chDB. Fewer writes than requests, every row stored once.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ProtobufLogsSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { type ClickHouseTransport, migrate, openTransport, raw, sql, TelemetryWriter } from "@tracelight/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IngestPipeline } from "../src/ingest/pipeline.ts";
import { makeLogs, makeSpans } from "./helpers/telemetry.ts";

let dataDir: string;
let transport: ClickHouseTransport;

const count = async (table: string, where: string) =>
  Number((await transport.query<{ n: number }>(sql`SELECT count() AS n FROM ${raw(table)} WHERE ${raw(where)}`))[0]?.n);

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "tracelight-ingest-"));
  transport = await openTransport({ dataDir });
  await migrate(transport, { ttlDays: { traces: 7, logs: 7, metrics: 30 } });
});
afterAll(async () => {
  await transport?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const limits = {
  maxQueuedRows: 1_000_000,
  maxQueuedBytes: 1 << 30,
  maxBatchRows: 100_000,
  retryAfterSeconds: 1,
  writeConcurrency: 1,
};

describe("group commit over chDB", () => {
  it("50 concurrent trace requests are stored in far fewer writes, every span present", async () => {
    const pipeline = new IngestPipeline(new TelemetryWriter(transport), limits);
    const requests = Array.from({ length: 50 }, (_, i) => makeSpans(`gc-${i}`, 20));
    const results = await Promise.all(
      requests.map((spans, i) =>
        pipeline
          .ingest("traces", ProtobufTraceSerializer.serializeRequest(spans) as Uint8Array, "protobuf")
          .then((r) => {
            expect(r).toEqual({ accepted: 40, rejected: 0, errors: [] });
            return i;
          }),
      ),
    );
    expect(results).toHaveLength(50);
    expect(pipeline.batchCount("traces")).toBeLessThan(50);
    expect(pipeline.batchCount("traces")).toBeGreaterThanOrEqual(1);
    expect(await count("otel_traces", "startsWith(ServiceName, 'gc-')")).toBe(50 * 40);
    // Each request's rows exactly once.
    const perService = await transport.query<{ ServiceName: string; n: number }>(
      sql`SELECT ServiceName, count() AS n FROM otel_traces WHERE startsWith(ServiceName, 'gc-') GROUP BY ServiceName`,
    );
    expect(perService).toHaveLength(50);
    expect(perService.every((r) => Number(r.n) === 40)).toBe(true);
    expect(pipeline.budget.rows).toBe(0);
    expect(pipeline.budget.bytes).toBe(0);
    await pipeline.close();
  });

  it("signals flush independently and concurrently", async () => {
    const pipeline = new IngestPipeline(new TelemetryWriter(transport), limits);
    await Promise.all([
      ...Array.from({ length: 10 }, () =>
        pipeline.ingest(
          "logs",
          ProtobufLogsSerializer.serializeRequest(makeLogs("mixed", 10)) as Uint8Array,
          "protobuf",
        ),
      ),
      ...Array.from({ length: 10 }, () =>
        pipeline.ingest(
          "traces",
          ProtobufTraceSerializer.serializeRequest(makeSpans("mixed", 5)) as Uint8Array,
          "protobuf",
        ),
      ),
    ]);
    expect(await count("otel_logs", "ServiceName = 'mixed'")).toBe(100);
    expect(await count("otel_traces", "ServiceName = 'mixed'")).toBe(100);
    await pipeline.close();
  });

  it("after close(), requests are refused as shutting_down", async () => {
    const pipeline = new IngestPipeline(new TelemetryWriter(transport), limits);
    await pipeline.close();
    await expect(
      pipeline.ingest(
        "traces",
        ProtobufTraceSerializer.serializeRequest(makeSpans("late", 1)) as Uint8Array,
        "protobuf",
      ),
    ).rejects.toMatchObject({ kind: "shutting_down" });
  });
});
