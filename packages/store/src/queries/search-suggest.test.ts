import { describe, expect, it } from "vitest";
import { SLICE_BUCKETS, sampleWindow } from "./search-suggest.ts";

// 256 s: one bucket a second, bucket 0 the newest second.
const range = { from: 1_000_000, to: 1_000_000 + SLICE_BUCKETS * 1000 - 1, explicit: true };

describe("sampleWindow", () => {
  it("takes the newest buckets that hold the rows wanted, anchored where the data is", () => {
    expect(
      sampleWindow(
        range,
        [
          { bucket: 0, n: 5 },
          { bucket: 1, n: 10 },
          { bucket: 7, n: 100 },
        ],
        12,
      ),
    ).toEqual({
      from: range.to + 1 - 2000,
      to: range.to,
    });
    // Nothing in the newest 40 s: the slice reaches back to the data.
    expect(
      sampleWindow(
        range,
        [
          { bucket: 40, n: 50 },
          { bucket: 41, n: 50 },
        ],
        30,
      ),
    ).toEqual({
      from: range.to + 1 - 41_000,
      to: range.to,
    });
  });

  it("is the whole range when it holds fewer rows, and nothing when it holds none", () => {
    expect(
      sampleWindow(
        range,
        [
          { bucket: 3, n: 5 },
          { bucket: 255, n: 5 },
        ],
        12,
      ),
    ).toEqual({ from: range.from, to: range.to });
    expect(sampleWindow(range, [], 12)).toBeNull();
  });
});
