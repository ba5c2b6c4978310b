import { describe, expect, it } from "vitest";
import { histogramQuantile, mergeHistograms } from "./histogram-percentiles.ts";

const BOUNDS = [10, 50, 100, 500];

describe("histogramQuantile", () => {
  it("interpolates linearly inside the bucket holding the rank", () => {
    expect(histogramQuantile(0.5, BOUNDS, [0, 0, 50, 50, 0])).toBe(100);
    expect(histogramQuantile(0.99, BOUNDS, [0, 0, 50, 50, 0])).toBe(492);
    expect(histogramQuantile(0.5, BOUNDS, [10, 20, 30, 30, 10])).toBeCloseTo(50 + (50 * 20) / 30, 10);
  });
  it("starts the first bucket at 0 and caps the overflow bucket at the last bound", () => {
    expect(histogramQuantile(0.99, BOUNDS, [100, 0, 0, 0, 0])).toBeCloseTo(9.9, 10);
    expect(histogramQuantile(0.99, BOUNDS, [10, 20, 30, 30, 10])).toBe(500);
    expect(histogramQuantile(0.5, [-5, 5], [10, 0, 0])).toBe(-5);
  });
  it("has no answer without observations or bounds", () => {
    expect(histogramQuantile(0.5, BOUNDS, [0, 0, 0, 0, 0])).toBeNull();
    expect(histogramQuantile(0.5, [], [7])).toBeNull();
  });
  it("skips empty buckets before the rank", () => {
    expect(histogramQuantile(0, BOUNDS, [0, 0, 4, 0, 0])).toBe(50);
    expect(histogramQuantile(1, BOUNDS, [0, 4, 0, 0, 0])).toBe(50);
  });
});

describe("mergeHistograms", () => {
  it("adds counts with the same bounds", () => {
    expect(
      mergeHistograms([
        { bounds: [1, 2], counts: [1, 2, 3] },
        { bounds: [1, 2], counts: [1, 1, 1] },
      ]),
    ).toEqual({ bounds: [1, 2], counts: [2, 3, 4] });
    expect(mergeHistograms([])).toBeNull();
  });

  it("spreads different bound sets onto their union, each count by the share of its bucket covered", () => {
    const merged = mergeHistograms([
      { bounds: [1, 2], counts: [2, 3, 4] },
      { bounds: [5], counts: [1, 1] },
    ]);
    expect(merged?.bounds).toEqual([1, 2, 5]);
    // (0,5] splits 0.2 / 0.2 / 0.6; what lay above 2 goes to (2,5], what lay above 5 overflows.
    [2.2, 3.2, 4.6, 1].forEach((c, i) => {
      expect(merged?.counts[i]).toBeCloseTo(c, 12);
    });
  });

  it("treats bounds equal but for conversion noise as one, in any order", () => {
    const ms = { bounds: [10, 20, 30].map((b) => b * 0.001), counts: [1, 1, 1, 0] };
    const s = { bounds: [0.01, 0.02, 0.03], counts: [0, 1, 1, 1] };
    for (const parts of [
      [ms, s],
      [s, ms],
    ]) {
      const merged = mergeHistograms(parts);
      expect(merged?.bounds).toHaveLength(3);
      expect(merged?.counts).toEqual([1, 2, 2, 1]);
      expect(histogramQuantile(0.5, merged!.bounds, merged!.counts)).toBeCloseTo(0.02, 12);
    }
  });
});
