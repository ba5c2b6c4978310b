import { describe, expect, it } from "vitest";
import {
  absoluteRange,
  DEFAULT_RANGE,
  describeRange,
  fromLocalInput,
  isRelative,
  parseTimeExpr,
  readRangeExpr,
  resolveRange,
  scaleRange,
  toLocalInput,
  windowAround,
} from "./time-range.ts";

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

describe("parseTimeExpr", () => {
  it("reads now and now minus each unit", () => {
    expect(parseTimeExpr("now", NOW)).toBe(NOW);
    expect(parseTimeExpr("now-30s", NOW)).toBe(NOW - 30_000);
    expect(parseTimeExpr("now-15m", NOW)).toBe(NOW - 900_000);
    expect(parseTimeExpr("now-3h", NOW)).toBe(NOW - 3 * 3_600_000);
    expect(parseTimeExpr("now-2d", NOW)).toBe(NOW - 2 * 86_400_000);
    expect(parseTimeExpr("now-1w", NOW)).toBe(NOW - 604_800_000);
    expect(parseTimeExpr("now+1h", NOW)).toBe(NOW + 3_600_000);
  });
  it("reads epoch milliseconds and RFC 3339, and refuses anything else", () => {
    expect(parseTimeExpr("1764072000000", NOW)).toBe(1764072000000);
    expect(parseTimeExpr("2026-11-25T12:00:00Z", NOW)).toBe(NOW);
    for (const bad of ["", "now-6x", "now-h", "yesterday", "now-1y", "2026-11-25"]) {
      expect(parseTimeExpr(bad, NOW), bad).toBeUndefined();
    }
  });
});

describe("ranges", () => {
  it("resolves relative and absolute ranges, refusing from after to", () => {
    expect(resolveRange({ from: "now-1h", to: "now" }, NOW)).toEqual({ fromMs: NOW - 3_600_000, toMs: NOW });
    expect(resolveRange({ from: "2000000000000", to: "1000000000000" }, NOW)).toBeUndefined();
    expect(resolveRange({ from: "now", to: "now-1h" }, NOW)).toBeUndefined();
  });
  it("falls back to the last hour when the URL holds nonsense", () => {
    expect(readRangeExpr(null, null)).toEqual(DEFAULT_RANGE);
    expect(readRangeExpr("garbage", "now")).toEqual(DEFAULT_RANGE);
    expect(readRangeExpr("now-6h", undefined)).toEqual({ from: "now-6h", to: "now" });
    expect(readRangeExpr("1700000000000", "1700000600000")).toEqual({ from: "1700000000000", to: "1700000600000" });
  });
  it("makes brushed ranges absolute, ordered and never empty", () => {
    expect(absoluteRange(2_000_000_000_500.4, 1_000_000_000_000)).toEqual({
      from: "1000000000000",
      to: "2000000000500",
    });
    expect(absoluteRange(1_000_000_000_000, 1_000_000_000_000)).toEqual({ from: "1000000000000", to: "1000000001000" });
    expect(isRelative({ from: "now-1h", to: "now" })).toBe(true);
    expect(isRelative(absoluteRange(1e12, 2e12))).toBe(false);
  });
  it("zooms out around the centre and pads a window", () => {
    expect(scaleRange({ fromMs: 1_000_000_000_000, toMs: 1_000_000_060_000 }, 2)).toEqual({
      from: "999999970000",
      to: "1000000090000",
    });
    expect(windowAround(1_000_000_000_000.5, 1_000_000_001_000.2, 60_000)).toEqual({
      from: "999999940000",
      to: "1000000061001",
    });
  });
  it("describes presets by name and other ranges by their ends", () => {
    expect(describeRange({ from: "now-1h", to: "now" }, String)).toBe("Last 1 hour");
    expect(describeRange({ from: "now-90m", to: "now" }, String)).toBe("Last 90m");
    expect(describeRange({ from: "1000000000000", to: "1000000060000" }, String)).toBe("1000000000000 → 1000000060000");
  });
  it("round-trips datetime-local input values", () => {
    const ms = new Date(2026, 10, 25, 9, 5).getTime();
    expect(toLocalInput(ms)).toBe("2026-11-25T09:05");
    expect(fromLocalInput("2026-11-25T09:05")).toBe(ms);
    expect(fromLocalInput("25/11/2026 09:05")).toBeUndefined();
  });
});
