import type { MetricSeriesResponse, RedResponse, StatusResponse } from "@tracelight/contracts";
import { insertExporterRows, rowTimes, TRACE_LEGACY, TRACE_OLD, TRACE_RECENT } from "@tracelight/store/testing";
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
  ({ service: t, get } = await startOnExporterStore("older", now));
});
afterAll(async () => {
  await t?.close();
});

describe("the backfill of a store the exporter filled", () => {
  it("shows its progress on GET /api/v1/status until every chunk is done", async () => {
    const tables = await until("the backfill to finish", async () => {
      const { backfill } = await get<StatusResponse>("/api/v1/status");
      const byName = Object.fromEntries(backfill.tables.map((s) => [s.table, s]));
      if (!byName.tracelight_red_1m || !byName.tracelight_exemplars) throw new Error(JSON.stringify(backfill));
      if (backfill.tables.some((s) => s.chunksDone < s.chunks)) throw new Error(JSON.stringify(backfill));
      return byName;
    });
    // Spans: an hour ago (four, a minute apart: one hour or two) and ten days ago (one).
    const { recent } = rowTimes(now);
    const hours = new Set([recent, recent + 60_010].map((ms) => Math.floor(ms / 3_600_000))).size + 1;
    expect(tables.tracelight_red_1m).toMatchObject({ chunks: hours, chunksDone: hours, rows: 5, rowsDone: 5 });
    expect(tables.tracelight_exemplars?.chunksDone).toBe(tables.tracelight_exemplars?.chunks);
  });

  it("shows the requests and errors that were there before, ten days back included", async () => {
    const res = await get<RedResponse>(`/api/v1/red?${range}&service=checkout`);
    // The recent server span (an error), the legacy one (STATUS_CODE_ERROR) and the old one.
    expect([res.total.requests, res.total.errors]).toEqual([3, 2]);
    // Minute by minute, each error's trace is a click away.
    const lastHours = await get<RedResponse>(
      `/api/v1/red?from=${now - 2 * 3_600_000}&to=${now}&step=60&service=checkout`,
    );
    const errorTraces = lastHours.buckets.flatMap((b) =>
      b.errors > 0 && b.exemplars.error ? [b.exemplars.error.traceId] : [],
    );
    expect(errorTraces).toEqual([TRACE_RECENT, TRACE_LEGACY]);
  });

  it("puts the exemplars of old points on the metric chart", async () => {
    const res = await get<MetricSeriesResponse>(`/api/v1/metrics/series?${range}&metric=pay.duration&step=3600`);
    expect(res.exemplars.map((e) => e.traceId).sort()).toEqual([TRACE_OLD, TRACE_RECENT].sort());
  });

  it("counts rows written after the views existed once, beside the backfilled ones", async () => {
    await insertExporterRows(t.service.transport, now);
    const res = await get<RedResponse>(`/api/v1/red?${range}&service=checkout`);
    expect([res.total.requests, res.total.errors]).toEqual([6, 4]);
  });
});
