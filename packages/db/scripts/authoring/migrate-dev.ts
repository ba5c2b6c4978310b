// DEVELOPMENT TIME ONLY, the offline stand-in for `prisma migrate dev --name <name>`:
//   npm run db:migrate:dev -w @tracelight/db -- --name <name> [--create-only] [--url <database url>]
// writes prisma/migrations/<timestamp>_<name>/migration.sql (prisma/migrations-postgresql for a
// PostgreSQL URL) from the schema diff and applies it to that database (--create-only: do not).
// The database is --url, else DATABASE_URL, else file:<TRACELIGHT_DATA_DIR or ./data>/tracelight.db.
import { parseArgs } from "node:util";
import { createMigration } from "./create-migration.ts";

const USAGE = "usage: db:migrate:dev --name <name> [--create-only] [--url <database url>]";

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      name: { type: "string" },
      url: { type: "string" },
      "create-only": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help || !values.name) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  // npm runs workspace scripts in the package folder; relative paths mean the caller's folder.
  if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
  const url =
    values.url ?? process.env.DATABASE_URL ?? `file:${process.env.TRACELIGHT_DATA_DIR ?? "./data"}/tracelight.db`;
  const created = await createMigration(url, values.name, { createOnly: values["create-only"] });
  if (created.name === null) console.log("the schema matches the migrations; nothing to write");
  else console.log(`wrote ${created.path}${values["create-only"] ? "" : ", and applied it"}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
