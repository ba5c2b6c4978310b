// The rule on item times at ingest, without a service: configured bounds, the retention, and
// DateTime's end, which no configuration can pass.
import { describe, expect, it } from "vitest";
import { DEFAULT_TIME_LIMITS, TimeWindow } from "../src/ingest/time-window.ts";

const NOW_MS = Date.UTC(2026, 11, 7, 12);
const HOUR_MS = 3_600_000;
const ns = (ms: number) => BigInt(ms) * 1_000_000n;

describe("TimeWindow", () => {
  it("takes the configured bounds: 23 h ahead refused under a 1h future, 2019 under a 2020 minimum", () => {
    const window = new TimeWindow(
      "traces",
      { minTimeMs: Date.UTC(2020, 0, 1), maxFutureMs: HOUR_MS },
      undefined,
      NOW_MS,
    );
    const times = [ns(Date.UTC(2019, 5, 1)), ns(Date.UTC(2020, 0, 1)), ns(NOW_MS + HOUR_MS), ns(NOW_MS + 23 * HOUR_MS)];
    expect(times.map(window.accepts)).toEqual([false, true, true, false]);
    expect(window.refused).toBe(2);
    expect(window.messages("spans", "start time")).toEqual([
      "1 spans with a start time before 2020-01-01T00:00:00.000Z (TRACELIGHT_INGEST_MIN_TIME) not stored: check the sender's clock and time unit",
      "1 spans with a start time more than 1h ahead of the server's clock (TRACELIGHT_INGEST_MAX_FUTURE) not stored: check the sender's clock and time unit",
    ]);
  });

  it("names the retention for items after the minimum but older than the TTL keeps", () => {
    const window = new TimeWindow("logs", DEFAULT_TIME_LIMITS, 7, NOW_MS);
    expect(window.accepts(ns(NOW_MS - 8 * 24 * HOUR_MS))).toBe(false);
    expect(window.accepts(ns(NOW_MS - 6 * 24 * HOUR_MS))).toBe(true);
    expect(window.messages("log records", "time")).toEqual([
      "1 log records older than the logs retention (7 days, TRACELIGHT_TTL_LOGS_DAYS) not stored: the table's TTL would delete them at once",
    ]);
  });

  it("never stores past DateTime's end (2106), whatever the configured future", () => {
    const window = new TimeWindow("metrics", { minTimeMs: 0, maxFutureMs: 1000 * 365 * 24 * HOUR_MS }, 30, NOW_MS);
    expect(window.accepts(ns(Date.UTC(2106, 0, 1)))).toBe(true);
    expect(window.accepts(ns(Date.UTC(2107, 0, 1)))).toBe(false);
    expect(window.accepts(2n ** 64n - 1n)).toBe(false);
  });
});
