// Group commit, unit level. The fake writer below stands in for the store only to control
// timing (when a write starts and finishes, whether it fails); the same behaviour runs
// against real chDB in ingest.chdb.test.ts.
import { describe, expect, it } from "vitest";
import { GroupCommit } from "../src/ingest/group-commit.ts";

/** A write whose completion the test decides. */
interface PendingWrite {
  rows: number[];
  finish(): void;
  fail(error: Error): void;
}

function fakeStore() {
  const writes: PendingWrite[] = [];
  const waiting: ((w: PendingWrite) => void)[] = [];
  const commit = new GroupCommit<number[]>({
    maxBatchRows: 100,
    merge: (parts) => parts.flat(),
    write: (rows) =>
      new Promise<void>((resolve, reject) => {
        const write = { rows, finish: resolve, fail: reject };
        writes.push(write);
        waiting.shift()?.(write);
      }),
  });
  /** Resolves with the next write issued (or the one already issued and not yet taken). */
  let taken = 0;
  const nextWrite = () =>
    new Promise<PendingWrite>((resolve) => {
      const ready = writes[taken];
      if (ready) {
        taken++;
        resolve(ready);
      } else
        waiting.push((w) => {
          taken++;
          resolve(w);
        });
    });
  return { commit, writes, nextWrite };
}

const settled = async <T>(promise: Promise<T>) => {
  let state = "pending";
  promise.then(
    () => (state = "resolved"),
    () => (state = "rejected"),
  );
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  return state;
};

describe("GroupCommit", () => {
  it("answers a request only after its rows are written", async () => {
    const { commit, nextWrite } = fakeStore();
    const done = commit.submit([1, 2, 3], 3);
    const write = await nextWrite();
    expect(write.rows).toEqual([1, 2, 3]);
    expect(await settled(done)).toBe("pending");
    write.finish();
    expect(await settled(done)).toBe("resolved");
  });

  it("gathers requests that arrive during a write into ONE next write", async () => {
    const { commit, writes, nextWrite } = fakeStore();
    const first = commit.submit([0], 1);
    const firstWrite = await nextWrite();
    const later = Array.from({ length: 10 }, (_, i) => commit.submit([i + 1, i + 1], 2));
    expect(writes).toHaveLength(1); // nothing else starts while one write is in flight
    firstWrite.finish();
    await first;
    const second = await nextWrite();
    expect(second.rows).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10]);
    for (const p of later) expect(await settled(p)).toBe("pending");
    second.finish();
    await Promise.all(later);
    expect(writes).toHaveLength(2);
    expect(commit.batches).toBe(2);
  });

  it("requests submitted in the same turn share the first write", async () => {
    const { commit, nextWrite } = fakeStore();
    const all = [commit.submit([1], 1), commit.submit([2], 1), commit.submit([3], 1)];
    const write = await nextWrite();
    expect(write.rows).toEqual([1, 2, 3]);
    write.finish();
    await Promise.all(all);
  });

  it("caps a batch at maxBatchRows, whole requests only, and writes the rest next", async () => {
    const { commit, nextWrite } = fakeStore();
    const a = commit.submit(Array(60).fill(1), 60);
    const b = commit.submit(Array(30).fill(2), 30);
    const c = commit.submit(Array(30).fill(3), 30); // 60+30+30 > 100: goes to the next batch
    const big = commit.submit(Array(150).fill(4), 150); // bigger than the cap: goes alone
    const w1 = await nextWrite();
    expect(w1.rows).toHaveLength(90);
    w1.finish();
    const w2 = await nextWrite();
    expect(w2.rows).toEqual(Array(30).fill(3));
    w2.finish();
    const w3 = await nextWrite();
    expect(w3.rows).toHaveLength(150);
    w3.finish();
    await Promise.all([a, b, c, big]);
  });

  it("a failed write fails exactly the requests in that batch and the next batch proceeds", async () => {
    const { commit, nextWrite } = fakeStore();
    const first = commit.submit([1], 1);
    const w1 = await nextWrite();
    const doomed = [commit.submit([2], 1), commit.submit([3], 1)];
    w1.finish();
    await first;
    const w2 = await nextWrite();
    const after = commit.submit([4], 1); // arrives while the failing write is in flight
    w2.fail(new Error("disk full"));
    for (const p of doomed) await expect(p).rejects.toThrow("disk full");
    const w3 = await nextWrite();
    expect(w3.rows).toEqual([4]);
    w3.finish();
    await expect(after).resolves.toBeUndefined();
  });

  it("drain() waits for queued and in-flight writes", async () => {
    const { commit, nextWrite } = fakeStore();
    await commit.drain(); // idle: immediate
    const p = commit.submit([1], 1);
    const drained = commit.drain();
    const w = await nextWrite();
    expect(await settled(drained)).toBe("pending");
    w.finish();
    await p;
    await drained;
    expect(commit.queuedRequests).toBe(0);
  });
});
