// Opens the Prisma client for a database URL: SQLite files through libsql, PostgreSQL
// through node-postgres. Neither needs a Prisma engine binary.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { PrismaLibSql } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { type Provider, parseDatabaseUrl } from "./database-url.ts";
import { PrismaClient } from "./generated/client.ts";
import { PrismaClient as PostgresPrismaClient } from "./generated-postgresql/client.ts";

export interface Database {
  /** Typed by the SQLite client; the PostgreSQL client has the same models and methods. */
  prisma: PrismaClient;
  provider: Provider;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** How long a SQLite write waits for another connection's lock before SQLITE_BUSY. */
  busyTimeoutMs?: number;
}

export async function openDatabase(url: string, options: OpenDatabaseOptions = {}): Promise<Database> {
  const target = parseDatabaseUrl(url);
  if (target.provider === "postgresql") {
    const prisma = new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: target.url }) });
    await prisma.$connect();
    // Same models, same methods; only provider-specific filter options differ.
    return { prisma: prisma as unknown as PrismaClient, provider: "postgresql", close: () => prisma.$disconnect() };
  }
  mkdirSync(dirname(target.path), { recursive: true });
  const prisma = new PrismaClient({
    adapter: new PrismaLibSql({ url: `file:${target.path}`, timeout: options.busyTimeoutMs ?? 5000 }),
  });
  // WAL lets readers (routes) run beside the writer (evaluator); it persists in the file.
  await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  return { prisma, provider: "sqlite", close: () => prisma.$disconnect() };
}
