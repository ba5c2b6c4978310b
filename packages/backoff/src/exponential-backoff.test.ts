import { describe, expect, it } from "vitest";
import { backoffDelayMs } from "./exponential-backoff.ts";

const options = { initialDelayMs: 1000, maxDelayMs: 30_000 };

describe("backoffDelayMs", () => {
  it.each([
    { attempt: 0, jitter: 0, random: 0.7, expected: 1000 },
    { attempt: 1, jitter: 0, random: 0.7, expected: 2000 },
    { attempt: 4, jitter: 0, random: 0.7, expected: 16_000 },
    { attempt: 5, jitter: 0, random: 0.7, expected: 30_000 },
    { attempt: 1000, jitter: 0, random: 0.7, expected: 30_000 },
    { attempt: -1, jitter: 0, random: 0.7, expected: 1000 },
    // Equal jitter: half fixed, half random.
    { attempt: 0, jitter: 0.5, random: 0, expected: 500 },
    { attempt: 0, jitter: 0.5, random: 1, expected: 1000 },
    { attempt: 3, jitter: 0.5, random: 0.5, expected: 6000 },
    { attempt: 1000, jitter: 0.2, random: 0, expected: 24_000 },
    { attempt: 1000, jitter: 1, random: 0, expected: 0 },
  ])("attempt $attempt, jitter $jitter, random $random → $expected ms", ({ attempt, jitter, random, expected }) => {
    expect(backoffDelayMs(attempt, { ...options, jitter }, () => random)).toBe(expected);
  });

  it("draws from Math.random by default, within [(1 − jitter)·d, d]", () => {
    for (let i = 0; i < 100; i++) {
      const delay = backoffDelayMs(2, { ...options, jitter: 0.2 });
      expect(delay).toBeGreaterThanOrEqual(3200);
      expect(delay).toBeLessThanOrEqual(4000);
    }
  });
});
