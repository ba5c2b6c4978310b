// Reads on the chDB transport run at once by class: a lookup or a probe answers while slow
// searches hold every search session (and, where the engine may renice, run at nice 19), searches
// running together share the cores, each read carries its class's time limit, and an aborted
// read is gone from the engine.
import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { until } from "@tracelight/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openChdbTransport } from "../src/chdb-transport.ts";
import { sql, typed } from "../src/sql.ts";
import type { ClickHouseTransport, QueryClass } from "../src/transport.ts";
import { freshDir } from "./support/chdb-dir.ts";

const dir = freshDir("reads");
let t: ClickHouseTransport;
beforeAll(() => {
  t = openChdbTransport(dir.path);
});
afterAll(async () => {
  await t?.close();
  dir.remove();
});

// Seconds of CPU on this machine; `marker` finds it in system.processes. chDB keeps a
// cancelled query's entry (is_cancelled = 1) until its session runs the next statement.
const slow = (marker: string) =>
  sql`SELECT count() FROM numbers(100000000000) WHERE sipHash64(number) % 7 = 3 AND ${marker} != ''`;

const running = async (marker: string) => {
  const [r] = await t.query<{ n: number }>(
    sql`SELECT count() AS n FROM system.processes WHERE position(query, ${marker}) > 0 AND position(query, 'system.processes') = 0 AND is_cancelled = 0`,
    { class: "probe" },
  );
  return r?.n ?? 0;
};

// Without CAP_SYS_NICE (bit 23 of the effective set; Linux only) the engine ignores
// os_thread_priority.
const mayRenice = (() => {
  try {
    const effective = /CapEff:\s+(\w+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? "0";
    return ((BigInt(`0x${effective}`) >> 23n) & 1n) === 1n;
  } catch {
    return false;
  }
})();

/** The nice of each of this process's threads (the 19th field of its stat). */
const threadNices = () =>
  readdirSync("/proc/self/task").map((id) => {
    try {
      const stat = readFileSync(`/proc/self/task/${id}/stat`, "utf8");
      return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
    } catch {
      return Number.NaN; // the thread ended meanwhile
    }
  });

describe("chDB reads", () => {
  // First: a thread a search spawned keeps its nice afterwards.
  it.skipIf(!mayRenice)("runs a search's engine threads at nice 19 and a lookup's at 1", async () => {
    expect(threadNices().filter((n) => n === 1 || n === 19)).toEqual([]);
    const stop = new AbortController();
    const search = t.query(slow("nice-search"), { class: "search", signal: stop.signal }).catch(() => {});
    await until("threads at nice 19", () => threadNices().includes(19), { timeoutMs: 5_000 });
    const lookup = t.query(slow("nice-lookup"), { class: "lookup", signal: stop.signal }).catch(() => {});
    await until("threads at nice 1", () => threadNices().includes(1), { timeoutMs: 5_000 });
    stop.abort(new Error("done"));
    await Promise.all([search, lookup]);
  });

  it("answers a lookup and a probe while four slow searches run, and cancels those when aborted", async () => {
    const stop = new AbortController();
    const searches = Array.from({ length: 4 }, () =>
      t.query(slow("searches-4"), { class: "search", signal: stop.signal }).catch((e: unknown) => e),
    );
    await until("four slow searches running", async () => (await running("searches-4")) === 4, { timeoutMs: 5_000 });

    const started = Date.now();
    const [lookup] = await t.query<{ s: string }>(sql`SELECT ${"x'y"} AS s`, { class: "lookup" });
    const [probe] = await t.query<{ ok: number }>(sql`SELECT 1 AS ok`, { class: "probe" });
    expect({ lookup, probe }).toEqual({ lookup: { s: "x'y" }, probe: { ok: 1 } });
    expect(Date.now() - started).toBeLessThan(1_000);

    // A fifth search waits for a search session; its client leaving ends the wait.
    const leaving = new AbortController();
    const fifth = t.query(sql`SELECT ${typed(1, "UInt8")} AS one`, { class: "search", signal: leaving.signal });
    setTimeout(() => leaving.abort(new Error("client left")), 300);
    await expect(fifth).rejects.toThrow("client left");

    stop.abort(new Error("client closed"));
    expect(await Promise.all(searches)).toEqual(Array(4).fill(stop.signal.reason));
    await until("the four searches cancelled", async () => (await running("searches-4")) === 0, { timeoutMs: 2_000 });
    expect(await t.query(sql`SELECT 2 AS two`, { class: "search" })).toEqual([{ two: 2 }]);
  });

  it("gives a lone search every core, and searches and background reads running together a share", async () => {
    // A read that reports the max_threads it runs with.
    const threads = async (queryClass: QueryClass) => {
      const [row] = await t.query<{ threads: string }>(
        sql`SELECT Settings['max_threads'] AS threads FROM system.processes WHERE query_id = queryID()`,
        { class: queryClass },
      );
      return row?.threads;
    };
    // The cancelled reads of the test before may hold their sessions a while longer.
    await until("a lone search with every core", async () => /^auto/.test((await threads("search")) ?? ""), {
      timeoutMs: 5_000,
    });
    const share = String(Math.max(1, Math.floor(availableParallelism() / 3)));
    expect(await Promise.all([threads("search"), threads("search"), threads("background")])).toEqual([
      share,
      share,
      share,
    ]);
    // The session released last comes next: it has every core again although its last SET shared.
    expect(await threads("search")).toMatch(/^auto/);
    expect(await Promise.all([threads("lookup"), threads("lookup"), threads("search")])).toEqual([
      expect.stringMatching(/^auto/),
      expect.stringMatching(/^auto/),
      expect.stringMatching(/^auto/),
    ]);
  });

  it("takes values larger than the default max_query_size, as binding did", async () => {
    const big = "é'".repeat(300_000);
    expect(await t.query(sql`SELECT length(${big}) AS n`)).toEqual([{ n: Buffer.byteLength(big) }]);
    await t.command(sql`CREATE TABLE big_values ENGINE = Memory AS SELECT ${big} AS s`);
    expect(await t.query(sql`SELECT s = ${big} AS same FROM big_values`)).toEqual([{ same: 1 }]);
  });

  it("ends a read at its class's time limit", async () => {
    const started = Date.now();
    await expect(t.query(slow("probe-limit"), { class: "probe" })).rejects.toThrow(/TIMEOUT_EXCEEDED/);
    expect(Date.now() - started).toBeLessThan(4_000);
  });
});
