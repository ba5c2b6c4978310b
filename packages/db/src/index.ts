// @tracelight/db: the Prisma client for Tracelight's relational metadata and its migrations.
export { type DatabaseTarget, type Provider, parseDatabaseUrl, redactUrl } from "./database-url.ts";
export type {
  AlertEvent,
  AlertInstance,
  AlertRule,
  Channel,
  Dashboard,
  Delivery,
  PrismaClient,
  RuleChannel,
  SavedView,
  Silence,
} from "./generated/client.ts";
// The namespace holds values too (Prisma.DbNull, Prisma.JsonNull, error classes); they come
// from the shared runtime, so they serve the PostgreSQL client as well.
export { Prisma } from "./generated/client.ts";
export {
  type DeployResult,
  type MigrateOptions,
  type MigrationStatus,
  migrateDeploy,
  migrationStatus,
  resolveMigration,
} from "./migrate.ts";
export { type Database, type OpenDatabaseOptions, openDatabase } from "./open-database.ts";
export { MIGRATIONS_DIRS } from "./paths.ts";
