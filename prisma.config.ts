// Prisma CLI config. Offline, the CLI only generates the client: the stub below answers for
// the native schema engine it would otherwise download, and migrations go through
// packages/db (its own migrator; new migrations are written there with the WebAssembly engine).
import { join } from "node:path";
import { defineConfig } from "prisma/config";

process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= join(import.meta.dirname, "packages/db/scripts/schema-engine-stub.mjs");
process.env.CHECKPOINT_DISABLE ??= "1";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  // Only so that `prisma migrate ...` reaches the stub's explanation instead of a config error.
  datasource: { url: process.env.DATABASE_URL ?? `file:${process.env.TRACELIGHT_DATA_DIR ?? "./data"}/tracelight.db` },
});
