import { describe, expect, it } from "vitest";
import { formatCount, formatDurationMs, formatPercent, formatRate, formatValue, valueScale } from "./format.ts";

describe("formatValue", () => {
  const cases: [string, number | null | undefined, string, string][] = [
    // durations: the readable scale, whatever unit they were sent in
    ["seconds below a second", 0.0023, "s", "2.30 ms"],
    ["seconds", 4.575, "s", "4.58 s"],
    ["halves round away from zero, binary noise aside", 2335, "ms", "2.34 s"],
    ["negative halves too", -2335, "ms", "-2.34 s"],
    ["milliseconds over a minute", 95_000, "ms", "1.6 min"],
    ["hours", 7_200_000, "ms", "2.0 h"],
    ["huge durations stay in hours", 3.6e9, "s", "1,000,000 h"],
    ["microseconds", 0.25, "ms", "250 µs"],
    ["nanoseconds", 12, "ns", "12.0 ns"],
    ["below a nanosecond", 4e-13, "s", "4.00e-4 ns"],
    ["days", 1, "d", "24.0 h"],
    ["negative durations", -0.0023, "s", "-2.30 ms"],
    ["zero", 0, "s", "0 s"],
    // bytes: IEC for By and KiBy…, SI for kBy…
    ["bytes", 512, "By", "512 B"],
    ["kibibytes", 12_500, "By", "12.2 KiB"],
    ["mebibytes from KiBy", 2048, "KiBy", "2.00 MiB"],
    ["huge bytes", 1e18, "By", "909,495 TiB"],
    ["SI bytes keep their family", 1_500_000, "kBy", "1.50 GB"],
    ["bytes per second", 5 * 1024 ** 2, "By/s", "5.00 MiB/s"],
    // ratios
    ["1 as a percent", 0.69, "1", "69.0 %"],
    ["percent", 5.3, "%", "5.30 %"],
    ["tiny ratio", 0.000_012_3, "1", "0.00123 %"],
    ["whole ratio", 1, "1", "100 %"],
    // annotations and plain numbers
    ["one annotated", 1, "{request}", "1 request"],
    ["annotated plural", 3, "{request}", "3 requests"],
    ["annotated in y", 2, "{entry}", "2 entries"],
    ["annotated large", 12_500, "{order}", "12.5k orders"],
    ["annotated rate", 3.2, "{order}/s", "3.20 orders/s"],
    ["plain rate", 12.5, "/s", "12.5/s"],
    ["plain large", 2_500_000, "", "2.50M"],
    ["plain four digits", 9999, "", "9,999"],
    ["plain fraction", 0.69, "", "0.690"],
    ["plain negative", -42, "", "-42"],
    ["unknown unit", 21.5, "Cel", "21.5 Cel"],
    // no value
    ["NaN", Number.NaN, "s", "–"],
    ["infinity", Number.POSITIVE_INFINITY, "By", "–"],
    ["null", null, "ms", "–"],
    ["undefined", undefined, "", "–"],
  ];
  it.each(cases)("%s: %s %s → %s", (_name, value, unit, text) => {
    expect(formatValue(value, unit)).toBe(text);
  });
});

describe("valueScale", () => {
  it("keeps the scale chosen from the largest value for every tick", () => {
    const scale = valueScale("ms", 95_000);
    expect(scale.unit).toBe("min");
    expect(scale.factor).toBeCloseTo(1 / 60_000);
    expect([0, 30_000, 60_000].map((v) => scale.format(v))).toEqual(["0 min", "0.5 min", "1.0 min"]);
  });

  it("converts bytes into the chosen binary unit and ratios into percent", () => {
    expect(valueScale("By", 3 * 1024 ** 2)).toMatchObject({ unit: "MiBy", factor: 1 / 1024 ** 2 });
    expect(valueScale("By/s", 500)).toMatchObject({ unit: "By/s", factor: 1 });
    expect(valueScale("1", 0.5)).toMatchObject({ unit: "%", factor: 100 });
  });

  it("uses the unit's own scale without a largest value", () => {
    expect(valueScale("ms")).toMatchObject({ unit: "ms", factor: 1 });
    expect(valueScale("ms", 0).format(1500)).toBe("1,500 ms");
    expect(valueScale("d")).toMatchObject({ unit: "h", factor: 24 });
  });

  it("abbreviates plain numbers alike and leaves the annotation off axis ticks", () => {
    const scale = valueScale("{request}", 15_000);
    expect(scale).toMatchObject({ unit: "{request}", factor: 1 });
    expect([5000, 15_000].map((v) => scale.format(v, true))).toEqual(["5k", "15k"]);
    expect(scale.format(15_000)).toBe("15k requests");
  });
});

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

describe("rates and percents", () => {
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
});

describe("formatCount", () => {
  it("separates thousands and shows a missing count as a dash instead of crashing the page", () => {
    expect(formatCount(1234567)).toBe("1,234,567");
    expect(formatCount(0)).toBe("0");
    expect(formatCount(null)).toBe("–");
    expect(formatCount(undefined)).toBe("–");
    expect(formatCount(Number.NaN)).toBe("–");
  });
});
