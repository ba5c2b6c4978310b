import { describe, expect, it } from "vitest";
import { perBucketSecond, splitPartial } from "./partial-bucket.ts";

describe("splitPartial", () => {
  it("draws whole buckets solid and a partial newest bucket dashed from its neighbour", () => {
    expect(splitPartial([1, 2, 3, 0.5], [false, false, false, true])).toEqual({
      whole: [1, 2, 3, null],
      partial: [null, null, 3, 0.5],
    });
  });
  it("handles a partial first bucket (the range starts inside a step) and both ends at once", () => {
    expect(splitPartial([4, 2, 3, 1], [true, false, false, true])).toEqual({
      whole: [null, 2, 3, null],
      partial: [4, 2, 3, 1],
    });
  });
  it("has no dashed values when every bucket is whole", () => {
    expect(splitPartial([1, null, 2], [false, false, false]).partial).toEqual([null, null, null]);
  });
  it("keeps gaps as gaps", () => {
    expect(splitPartial([1, null], [false, true])).toEqual({ whole: [1, null], partial: [1, null] });
  });
});

describe("perBucketSecond", () => {
  it("divides by the covered seconds, none for a bucket after now", () => {
    expect(perBucketSecond(3, 30)).toBe(0.1);
    expect(perBucketSecond(0, 0)).toBeNull();
  });
});
