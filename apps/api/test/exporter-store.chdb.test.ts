import type {
  LogsResponse,
  MetricSeriesResponse,
  RedResponse,
  ServicesResponse,
  TraceResponse,
  TraceSearchResponse,
} from "@tracelight/contracts";
import { readBackfillStatus } from "@tracelight/store";
import { insertExporterRows, TRACE_LEGACY, TRACE_OLD, TRACE_RECENT, USER_TTL } from "@tracelight/store/testing";
import { until } from "@tracelight/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ExporterStoreService, startOnExporterStore } from "./helpers/exporter-store.ts";
import type { TestService } from "./helpers/service.ts";

const DAY_MS = 86_400_000;
const now = Date.now();
const range = `from=${now - 11 * DAY_MS}&to=${now + 60_000}`;
let t: TestService;
let get: ExporterStoreService["get"];

beforeAll(async () => {
  ({ service: t, get } = await startOnExporterStore("currentText", now));
});
afterAll(async () => {
  await t?.close();
});

describe("the api on the exporter's store", () => {
  it("starts with every row and the exporter's TTLs kept", async () => {
    expect(await t.count("otel_traces")).toBe(5);
    expect(await t.count("otel_logs")).toBe(3);
    expect(await t.count("otel_metrics_histogram")).toBe(2);
    const ttls = await t.rows<{ name: string; engine_full: string }>(
      "SELECT name, engine_full FROM system.tables WHERE database = currentDatabase() AND name IN ('otel_traces', 'otel_logs', 'otel_metrics_sum')",
    );
    expect(Object.fromEntries(ttls.map((r) => [r.name, /toIntervalDay\((\d+)\)/.exec(r.engine_full)?.[1]]))).toEqual({
      otel_traces: USER_TTL.traces,
      otel_logs: USER_TTL.logs,
      otel_metrics_sum: USER_TTL.metrics,
    });
  });

  it("searches traces and shows the legacy one with modern kind and status", async () => {
    const search = await get<TraceSearchResponse>(`/api/v1/traces?${range}&limit=20`);
    expect(search.traces.map((x) => x.traceId).sort()).toEqual([TRACE_LEGACY, TRACE_OLD, TRACE_RECENT].sort());
    const errors = await get<TraceSearchResponse>(`/api/v1/traces?${range}&status=Error`);
    expect(errors.traces.map((x) => x.traceId).sort()).toEqual([TRACE_LEGACY, TRACE_RECENT].sort());
    const trace = await get<TraceResponse>(`/api/v1/traces/${TRACE_LEGACY}`);
    expect(trace.spans.map((s) => [s.kind, s.statusCode])).toEqual([
      ["Server", "Error"],
      ["Client", "Unset"],
    ]);
  });

  it("searches logs by text and by trace, ten days back", async () => {
    const text = await get<LogsResponse>(`/api/v1/logs?${range}&q=declined`);
    expect(text.logs.map((l) => l.traceId)).toEqual([TRACE_RECENT]);
    const old = await get<LogsResponse>(`/api/v1/logs?traceId=${TRACE_OLD}`);
    expect(old.logs.map((l) => l.body)).toEqual(["payment accepted"]);
  });

  it("answers metric series of every type", async () => {
    for (const metric of ["queue.depth", "payments", "pay.duration", "pay.size", "gc.pause"]) {
      const res = await get<MetricSeriesResponse>(`/api/v1/metrics/series?${range}&metric=${metric}&step=3600`);
      expect(
        res.series.flatMap((s) => s.points).some(([, v]) => v !== null),
        metric,
      ).toBe(true);
    }
  });

  it("reports its own status (the self-telemetry heartbeat table has DateTime times here)", async () => {
    const status = await get<{ components: { component: string }[] }>("/api/v1/status");
    expect(status.components.map((c) => c.component)).toEqual(expect.arrayContaining(["api", "agent", "web"]));
  });

  it("lists the service with the legacy error counted", async () => {
    const res = await get<ServicesResponse>(`/api/v1/services?${range}`);
    expect(res.services.map((s) => [s.name, s.spanCount, s.errorRate])).toEqual([["checkout", 5, 2 / 5]]);
  });

  it("rolls up RED for what the exporter writes next, legacy errors included", async () => {
    // Rows written before Tracelight started are the backfill's (backfill.chdb.test.ts): two of
    // each once it is done; the views add these.
    await until("the backfill to finish", async () => {
      const backfill = await readBackfillStatus(t.service.transport);
      if (backfill.tables.length === 0 || backfill.tables.some((s) => s.chunksDone < s.chunks))
        throw new Error("running");
      return true;
    });
    await insertExporterRows(t.service.transport, now);
    const res = await get<RedResponse>(`/api/v1/red?from=${now - 3_600_000 - 60_000}&to=${now}&service=checkout`);
    expect([res.total.requests, res.total.errors]).toEqual([4, 4]);
  });
});
