// DEVELOPMENT TIME ONLY (a devDependency; nothing under src/ may import this): Prisma's schema
// engine compiled to WebAssembly, driven through a driver adapter, which diffs the migration
// history against prisma/schema.prisma offline (the CLI's native engine is a download, which
// fails here). It is an internal, unversioned API: versions are pinned exactly. It works around
// four snags, each fix marked with its number: (1) Node 20 cannot import the `.wasm` entry;
// (2) on SQLite's shadow database a whole migration arrives as one raw statement, which libsql
// silently cuts to its first statement; (3) adapter-pg cannot map the catalog type "char" that
// introspection reads; (4) adapter-pg's shadow-database drop fails while its pool is open.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { PrismaLibSql } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";
import pg from "pg";
import type { DatabaseTarget } from "../../src/database-url.ts";

export type { SchemaEngine };

type EngineModule = typeof import("@prisma/schema-engine-wasm");
type WasmExports = Record<string, unknown>;
// Node has WebAssembly at run time; the compiler options here (no DOM lib) do not declare it.
declare const WebAssembly: {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: WasmExports } }>;
};
let engineModule: Promise<EngineModule> | undefined;

// Snag 1: Node 20 cannot import the package's `.wasm` entry, so the JS glue is loaded and
// the module instantiated by hand. The glue keeps one instance per process.
function loadEngineModule(): Promise<EngineModule> {
  engineModule ??= (async () => {
    const require = createRequire(import.meta.url);
    const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const glue = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as EngineModule & {
      __wbg_set_wasm(exports: WasmExports): void;
    };
    const bytes = await readFile(join(dirname(gluePath), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": glue });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return engineModule;
}

export interface EngineHandle {
  engine: SchemaEngine;
  close(): Promise<void>;
}

/** An engine connected to the database; `schema` is the datamodel it diffs against. */
export async function openSchemaEngine(
  target: DatabaseTarget,
  schema: { path: string; content: string } | undefined,
  log: (line: string) => void = () => {},
): Promise<EngineHandle> {
  const { SchemaEngine } = await loadEngineModule();
  const factory = target.provider === "sqlite" ? sqliteFactory(target.path) : postgresFactory(target.url);
  const engine = await SchemaEngine.new(
    { datamodels: schema ? [[schema.path, schema.content]] : undefined },
    (line: string) => log(line),
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  return {
    engine,
    close: async () => {
      engine.free();
      await factory.dispose?.();
    },
  };
}

type Factory = SqlMigrationAwareDriverAdapterFactory & { dispose?(): Promise<void> };

function sqliteFactory(path: string): Factory {
  const libsql = new PrismaLibSql({ url: `file:${path}`, timeout: 5000 });
  return {
    provider: libsql.provider,
    adapterName: libsql.adapterName,
    connect: () => libsql.connect(),
    // Snag 2: on the shadow database the engine sends a whole migration as one raw statement
    // and libsql would run only its first statement; a script runs all of them.
    connectToShadowDb: async () => scriptsForPlainRawSql(await libsql.connectToShadowDb()),
  };
}

function scriptsForPlainRawSql(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    if (query.args.length > 0) return executeRaw(query);
    await adapter.executeScript(query.sql);
    return 0;
  };
  return adapter;
}

function postgresFactory(url: string): Factory {
  const pool = new CharAsTextPool({ connectionString: url });
  const main = new PrismaPg(pool);
  const shadows = new Set<() => Promise<void>>();
  return {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: () => main.connect(),
    // Snag 4: adapter-pg drops its shadow database while that database's pool is still
    // open, which PostgreSQL refuses; this closes the pool first, then drops it.
    connectToShadowDb: async () => {
      const name = `tracelight_shadow_${crypto.randomUUID().replaceAll("-", "")}`;
      await adminQuery(url, `CREATE DATABASE "${name}"`);
      const shadowPool = new CharAsTextPool({ connectionString: withDatabase(url, name) });
      const adapter = await new PrismaPg(shadowPool).connect();
      let dropped = false;
      const drop = async () => {
        if (dropped) return;
        dropped = true;
        shadows.delete(drop);
        await shadowPool.end();
        await adminQuery(url, `DROP DATABASE IF EXISTS "${name}"`);
      };
      shadows.add(drop);
      adapter.dispose = drop;
      return adapter;
    },
    dispose: async () => {
      for (const drop of [...shadows]) await drop();
      await pool.end();
    },
  };
}

// pg lets the connection string win over a `database` option, so the URL itself is changed.
function withDatabase(url: string, database: string): string {
  const changed = new URL(url);
  changed.pathname = `/${encodeURIComponent(database)}`;
  return changed.toString();
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

// Snag 3: introspection reads catalog columns of type "char", which adapter-pg cannot map;
// pg already returns their values as strings, so they are reported as text.
class CharAsTextPool extends pg.Pool {
  // biome-ignore lint/suspicious/noExplicitAny: pg's query() is a set of overloads.
  override query(...args: any[]): any {
    // biome-ignore lint/suspicious/noExplicitAny: as above.
    const result = (super.query as (...a: any[]) => any)(...args);
    if (!(result instanceof Promise)) return result;
    return result.then((res: pg.QueryResult) => {
      for (const field of res.fields ?? []) if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
      return res;
    });
  }
}
