// openDatabase on real SQLite files: WAL, the busy timeout, and another process writing.
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { migrateDeploy, openDatabase } from "../src/index.ts";
import { tempDir } from "./support/temp-dir.ts";

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill();
});

describe("openDatabase (SQLite)", () => {
  test("a plain path opens a file in a new directory, in WAL mode with a busy timeout", async () => {
    const path = join(tempDir(), "a/b/tracelight.db");
    const db = await openDatabase(path);
    try {
      expect(db.provider).toBe("sqlite");
      expect(await db.prisma.$queryRawUnsafe("PRAGMA journal_mode")).toEqual([{ journal_mode: "wal" }]);
      // libsql opens a new connection after each transaction: the timeout must follow it.
      await db.prisma.$transaction(async (tx) => tx.$queryRawUnsafe("SELECT 1"));
      expect(await db.prisma.$queryRawUnsafe("PRAGMA busy_timeout")).toEqual([{ timeout: 5000 }]);
      expect(await db.prisma.$queryRawUnsafe("PRAGMA foreign_keys")).toEqual([{ foreign_keys: 1 }]);
    } finally {
      await db.close();
    }
  });

  test("many concurrent writes and transactions through one client all land", async () => {
    const url = `file:${join(tempDir(), "tracelight.db")}`;
    await migrateDeploy(url);
    const db = await openDatabase(url);
    try {
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          i % 2 === 0
            ? db.prisma.channel.create({ data: { name: `plain-${i}`, type: "webhook", url: "http://x" } })
            : db.prisma.$transaction(async (tx) => {
                const c = await tx.channel.create({ data: { name: `tx-${i}`, type: "slack", url: "http://x" } });
                return tx.channel.update({ where: { id: c.id }, data: { url: "http://y" } });
              }),
        ),
      );
      expect(await db.prisma.channel.count()).toBe(40);
      expect(await db.prisma.channel.count({ where: { url: "http://y" } })).toBe(20);
    } finally {
      await db.close();
    }
  });

  test("a write waits for another process's write lock instead of failing; reads never wait", async () => {
    const url = `file:${join(tempDir(), "tracelight.db")}`;
    await migrateDeploy(url);
    const path = url.slice("file:".length);

    const waiting = await openDatabase(url);
    const impatient = await openDatabase(url, { busyTimeoutMs: 0 });
    try {
      const lock = await holdWriteLock(path, 1500);
      // WAL: readers go on while the other process writes.
      expect(await impatient.prisma.channel.count()).toBe(0);
      await expect(
        impatient.prisma.channel.create({ data: { name: "impatient", type: "webhook", url: "http://x" } }),
      ).rejects.toThrow(/busy|locked|timed out/i);
      // This one blocks until the other process commits (the busy timeout is 5 s).
      await waiting.prisma.channel.create({ data: { name: "patient", type: "webhook", url: "http://x" } });
      await lock.done;
      expect((await waiting.prisma.channel.findMany({ orderBy: { name: "asc" } })).map((c) => c.name)).toEqual([
        "other-process",
        "patient",
      ]);
    } finally {
      await waiting.close();
      await impatient.close();
    }
  });
});

/** A child process that takes SQLite's write lock, holds it for `ms`, then commits a row. */
async function holdWriteLock(path: string, ms: number): Promise<{ done: Promise<void> }> {
  const libsql = createRequire(import.meta.url).resolve("libsql");
  const script = `
    const Database = require(${JSON.stringify(libsql)});
    const db = new Database(${JSON.stringify(path)});
    db.exec("BEGIN IMMEDIATE");
    db.prepare('INSERT INTO "Channel" (id, name, type, url, "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?)')
      .run("c-other", "other-process", "webhook", "http://x", Date.now(), Date.now());
    process.stdout.write("locked\\n");
    setTimeout(() => { db.exec("COMMIT"); db.close(); }, ${ms});`;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  const done = new Promise<void>((resolve, reject) =>
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`lock holder exited ${code}`)))),
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => chunk.toString().includes("locked") && resolve());
    child.on("exit", (code) => reject(new Error(`lock holder exited ${code} before locking`)));
  });
  return { done };
}
