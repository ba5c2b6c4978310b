import { describe, expect, it } from "vitest";
import { bucketRate, partialRateFactor } from "./partial-bucket.ts";

describe("partialRateFactor", () => {
  it("leaves complete buckets alone", () => {
    expect(partialRateFactor(0, 60_000, 60_000)).toBe(1);
    expect(partialRateFactor(0, 60_000, 600_000)).toBe(1);
  });
  it("scales the bucket the range ends in to the time that has passed", () => {
    expect(partialRateFactor(0, 60_000, 30_000)).toBe(2);
    expect(partialRateFactor(0, 60_000, 15_000)).toBe(4);
  });
  it("drops a bucket that has barely started", () => {
    expect(partialRateFactor(0, 60_000, 14_999)).toBeNull();
  });
});

describe("bucketRate", () => {
  it("applies the factor", () => {
    expect(bucketRate(0.5, 0, 60_000, 30_000)).toBe(1);
    expect(bucketRate(0.5, 0, 60_000, 120_000)).toBe(0.5);
    expect(bucketRate(0.5, 0, 60_000, 1_000)).toBeNull();
  });
});
