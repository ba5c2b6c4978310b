import { describe, expect, it } from "vitest";
import { until } from "./until.ts";

describe("until", () => {
  it("resolves with the first value that is not undefined, null or false", async () => {
    const reads = [undefined, null, false, 0];
    let i = 0;
    expect(await until("a value", () => reads[i++], { intervalMs: 1 })).toBe(0);
    expect(i).toBe(4);
  });

  it("waits for an async read and returns what it gave", async () => {
    const readyAt = Date.now() + 60;
    const row = await until("the row", async () => (Date.now() >= readyAt ? { id: 7 } : undefined), {
      intervalMs: 5,
    });
    expect(row).toEqual({ id: 7 });
  });

  it("reads again after a throw and fails naming what it waited for and the last error", async () => {
    let n = 0;
    const failure = until(
      "three spans",
      () => {
        n++;
        throw new Error(`${Math.min(n, 2)} of 3 spans`);
      },
      { timeoutMs: 50, intervalMs: 5 },
    );
    await expect(failure).rejects.toThrow(
      "timed out after 50 ms waiting for three spans; the last read threw: 2 of 3 spans",
    );
    expect(n).toBeGreaterThan(2);
  });

  it("fails with the last value read once the deadline passes", async () => {
    const started = Date.now();
    await expect(until("a condition", () => false, { timeoutMs: 100, intervalMs: 10 })).rejects.toThrow(
      "timed out after 100 ms waiting for a condition; the last read gave false",
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
