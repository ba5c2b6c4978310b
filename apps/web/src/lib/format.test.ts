import { describe, expect, it } from "vitest";
import { formatDurationMs, formatPercent, formatRate, formatValue } from "./format.ts";

describe("formatDurationMs", () => {
  it("picks the unit by size and says nothing is nothing", () => {
    expect(formatDurationMs(0)).toBe("0");
    expect(formatDurationMs(0.25)).toBe("250 µs");
    expect(formatDurationMs(4.372)).toBe("4.37 ms");
    expect(formatDurationMs(87.66)).toBe("87.7 ms");
    expect(formatDurationMs(633.4)).toBe("633 ms");
    expect(formatDurationMs(1524.6)).toBe("1.52 s");
    expect(formatDurationMs(90_000)).toBe("1.5 min");
    expect(formatDurationMs(null)).toBe("–");
    expect(formatDurationMs(Number.NaN)).toBe("–");
  });
});

describe("rates, percents and values", () => {
  it("formats request rates per second, or per minute when slow", () => {
    expect(formatRate(0)).toBe("0/s");
    expect(formatRate(1 / 60)).toBe("1.0/min");
    expect(formatRate(2.345)).toBe("2.35/s");
    expect(formatRate(12_345)).toBe("12,345/s");
  });
  it("formats ratios as percents with sensible precision", () => {
    expect(formatPercent(0)).toBe("0%");
    expect(formatPercent(0.0005)).toBe("0.05%");
    expect(formatPercent(0.053)).toBe("5.3%");
    expect(formatPercent(0.14)).toBe("14%");
  });
  it("reads values in ms as durations and abbreviates large numbers", () => {
    expect(formatValue(1567.95, "ms")).toBe("1.57 s");
    expect(formatValue(12_500, "By")).toBe("12.5k By");
    expect(formatValue(3, "{request}")).toBe("3");
    expect(formatValue(2_500_000)).toBe("2.50M");
  });
});
