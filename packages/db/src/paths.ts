// Where the schema and the committed migrations live in the repository.
import { join } from "node:path";
import type { Provider } from "./database-url.ts";

export const REPO_ROOT = join(import.meta.dirname, "../../..");
export const SCHEMA_PATH = join(REPO_ROOT, "prisma/schema.prisma");

/** SQLite keeps Prisma's default folder; PostgreSQL has its own history beside it. */
export const MIGRATIONS_DIRS: Record<Provider, string> = {
  sqlite: join(REPO_ROOT, "prisma/migrations"),
  postgresql: join(REPO_ROOT, "prisma/migrations-postgresql"),
};
