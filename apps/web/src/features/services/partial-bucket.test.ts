import { describe, expect, it } from "vitest";
import { bucketRate, partialRateFactor } from "./partial-bucket.ts";

describe("partialRateFactor", () => {
  it("leaves complete buckets alone", () => {
    expect(partialRateFactor(0, 60_000, 60_000)).toBe(1);
    expect(partialRateFactor(0, 60_000, 600_000)).toBe(1);
  });
  it("scales the bucket the range ends in to the time whose data has arrived", () => {
    expect(partialRateFactor(0, 60_000, 45_000)).toBe(1.5); // 40 s arrived of 45 s passed
    expect(partialRateFactor(0, 600_000, 305_000)).toBe(2);
  });
  it("never scales by more than the minimum fraction allows", () => {
    expect(partialRateFactor(0, 60_000, 30_000)).toBe(2);
  });
  it("drops a bucket that has barely started", () => {
    expect(partialRateFactor(0, 60_000, 29_999)).toBeNull();
  });
});

describe("bucketRate", () => {
  it("applies the factor", () => {
    expect(bucketRate(0.5, 0, 60_000, 45_000)).toBe(0.75);
    expect(bucketRate(0.5, 0, 60_000, 120_000)).toBe(0.5);
    expect(bucketRate(0.5, 0, 60_000, 1_000)).toBeNull();
  });
});
