import { describe, expect, it } from "vitest";
import { perSecond, rangeCoverage, rateBucket, rateBuckets, rollupCoverage } from "./rate-coverage.ts";

const M = 60_000;
const LATER = 100 * M;

describe("rollupCoverage", () => {
  it("widens a range to the whole minutes it overlaps; `to` is exclusive", () => {
    expect(rollupCoverage({ from: 3.5 * M, to: 7.25 * M }, LATER)).toEqual({
      startMs: 3 * M,
      endMs: 8 * M,
      dataEndMs: 8 * M,
      seconds: 300,
    });
    expect(rollupCoverage({ from: 3 * M, to: 8 * M }, LATER)).toMatchObject({ startMs: 3 * M, endMs: 8 * M });
  });
  it("an empty range still reads the minute it sits in", () => {
    expect(rollupCoverage({ from: 3.5 * M, to: 3.5 * M }, LATER)).toMatchObject({ startMs: 3 * M, endMs: 4 * M });
  });
  it("ends the data at now, and never before the start", () => {
    expect(rollupCoverage({ from: 0, to: 10 * M }, 4.5 * M)).toMatchObject({ dataEndMs: 4.5 * M, seconds: 270 });
    expect(rollupCoverage({ from: 5 * M, to: 10 * M }, 2 * M)).toMatchObject({ dataEndMs: 5 * M, seconds: 0 });
  });
});

describe("rateBuckets", () => {
  it("whole buckets inside the covered minutes are complete", () => {
    const c = rollupCoverage({ from: 0, to: 3 * M }, LATER);
    expect(rateBuckets(c, 60)).toEqual([
      { start: 0, seconds: 60, partial: false },
      { start: M, seconds: 60, partial: false },
      { start: 2 * M, seconds: 60, partial: false },
    ]);
  });
  it("buckets cut by the range's minutes are partial, with the seconds they hold", () => {
    const c = rollupCoverage({ from: 3.5 * M, to: 7.25 * M }, LATER);
    expect(rateBuckets(c, 120)).toEqual([
      { start: 2 * M, seconds: 60, partial: true },
      { start: 4 * M, seconds: 120, partial: false },
      { start: 6 * M, seconds: 120, partial: false },
    ]);
  });
  it("the bucket holding now counts the seconds passed; later ones none", () => {
    const c = rollupCoverage({ from: 0, to: 4 * M }, 1.75 * M);
    expect(rateBuckets(c, 60)).toEqual([
      { start: 0, seconds: 60, partial: false },
      { start: M, seconds: 45, partial: true },
      { start: 2 * M, seconds: 0, partial: true },
      { start: 3 * M, seconds: 0, partial: true },
    ]);
  });
  it("the buckets' seconds add up to the range's", () => {
    const c = rollupCoverage({ from: 3.5 * M, to: 17.25 * M }, 15.5 * M);
    const sum = rateBuckets(c, 300).reduce((n, b) => n + b.seconds, 0);
    expect(sum).toBe(c.seconds);
    expect(sum).toBe(12.5 * 60);
  });
});

describe("rangeCoverage (metric series, read point by point)", () => {
  it("covers exactly [from, to) up to now, and its buckets the part of their step inside", () => {
    const c = rangeCoverage({ from: 3.5 * M, to: 7.25 * M }, 6.75 * M);
    expect(c).toEqual({ startMs: 3.5 * M, endMs: 7.25 * M, dataEndMs: 6.75 * M, seconds: 195 });
    expect(rateBucket(c, 3 * M, 60)).toEqual({ start: 3 * M, seconds: 30, partial: true });
    expect(rateBucket(c, 5 * M, 60)).toEqual({ start: 5 * M, seconds: 60, partial: false });
    expect(rateBucket(c, 6 * M, 60)).toEqual({ start: 6 * M, seconds: 45, partial: true });
    expect(rateBucket(c, 7 * M, 60)).toEqual({ start: 7 * M, seconds: 0, partial: true });
  });
  it("takes buckets of any origin (the alert evaluator's windows start at `from`)", () => {
    const c = rangeCoverage({ from: 3.5 * M, to: 8.5 * M }, LATER);
    expect(rateBucket(c, 3.5 * M, 300)).toEqual({ start: 3.5 * M, seconds: 300, partial: false });
  });
});

describe("perSecond", () => {
  it("divides, and is 0 over no time", () => {
    expect(perSecond(90, 60)).toBe(1.5);
    expect(perSecond(3, 0)).toBe(0);
  });
});
