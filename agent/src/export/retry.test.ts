import { describe, expect, it } from "vitest";
import { parseRetryAfter, retryDelayMs } from "./retry.ts";

describe("parseRetryAfter", () => {
  it("reads delta-seconds and HTTP dates", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Wed, 31 Dec 2025 23:59:00 GMT", now)).toBe(0);
  });

  it("ignores what it cannot read", () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter("-1")).toBeUndefined();
  });
});

describe("retryDelayMs", () => {
  const options = { initialRetryDelayMs: 1000, maxRetryDelayMs: 30_000 };

  it("doubles per attempt, with the jitter in the upper half of each step", () => {
    expect([0, 1, 2, 3].map((a) => retryDelayMs(a, undefined, options, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([0, 1, 2, 3].map((a) => retryDelayMs(a, undefined, options, () => 1))).toEqual([1000, 2000, 4000, 8000]);
  });

  it("never exceeds maxRetryDelayMs, even for Retry-After or after many attempts", () => {
    expect(retryDelayMs(50, undefined, options, () => 1)).toBe(30_000);
    expect(retryDelayMs(0, 120_000, options, () => 0)).toBe(30_000);
  });

  it("waits at least Retry-After", () => {
    expect(retryDelayMs(0, 5000, options, () => 0)).toBe(5000);
    expect(retryDelayMs(0, 0, options, () => 0)).toBe(500);
  });
});
