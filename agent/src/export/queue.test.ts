import { describe, expect, it } from "vitest";
import { BoundedQueue } from "./queue.ts";

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe("BoundedQueue", () => {
  it("hands items out oldest first, in batches", () => {
    const q = new BoundedQueue<number>(10);
    expect(q.push(range(0, 7))).toEqual([]);
    expect(q.take(3)).toEqual([0, 1, 2]);
    expect(q.push(range(7, 12))).toEqual([]);
    expect(q.size).toBe(9);
    expect(q.take(100)).toEqual(range(3, 12));
    expect(q.size).toBe(0);
    expect(q.take(5)).toEqual([]);
  });

  it("drops the oldest items when full and returns them, oldest first", () => {
    const q = new BoundedQueue<number>(5);
    q.push(range(0, 4));
    expect(q.push(range(4, 7))).toEqual([0, 1]);
    expect(q.clear()).toEqual([2, 3, 4, 5, 6]);
  });

  it("keeps only the newest `capacity` items of a push larger than the queue", () => {
    const q = new BoundedQueue<number>(5);
    q.push([100, 101]);
    expect(q.push(range(0, 8))).toEqual([100, 101, 0, 1, 2]);
    expect(q.clear()).toEqual([3, 4, 5, 6, 7]);
  });

  it("stays at its capacity however much is pushed", () => {
    const q = new BoundedQueue<number>(1000);
    let dropped = 0;
    for (let i = 0; i < 1000; i++) dropped += q.push(range(i * 1000, (i + 1) * 1000)).length;
    expect(q.size).toBe(1000);
    expect(dropped).toBe(999_000);
    expect(q.take(3)).toEqual([999_000, 999_001, 999_002]);
  });

  it("refuses a capacity below 1", () => {
    expect(() => new BoundedQueue(0)).toThrow(RangeError);
  });
});
