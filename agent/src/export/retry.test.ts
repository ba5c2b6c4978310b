import { describe, expect, it } from "vitest";
import { retryDelayMs } from "./retry.ts";

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
