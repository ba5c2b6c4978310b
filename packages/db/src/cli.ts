// CLI for the metadata migrations (the offline stand-in for `prisma migrate`):
//   deploy                 apply committed migrations not yet applied
//   status                 compare the database with the migrations folder (exit 1 if behind)
//   resolve --rolled-back <name> | --applied <name>
//                          mark a failed migration rolled back, or a migration applied
// The database is --url, else DATABASE_URL, else file:<TRACELIGHT_DATA_DIR or ./data>/tracelight.db,
// like the api. PostgreSQL URLs use prisma/migrations-postgresql. Writing a new migration is a
// development tool with its own command (scripts/authoring/migrate-dev.ts).
import { parseArgs } from "node:util";
import { parseDatabaseUrl, redactUrl } from "./database-url.ts";
import { migrateDeploy, migrationStatus, resolveMigration } from "./migrate.ts";

const USAGE =
  "usage: db:migrate <deploy | status | resolve --rolled-back|--applied <name>> [--url <database url>]\n" +
  "To write a new migration from prisma/schema.prisma (development checkouts): npm run db:migrate:dev -w @tracelight/db -- --name <name>";

async function main(argv: string[]): Promise<number> {
  if (argv[0] === "dev") {
    console.error(`db:migrate dev moved to its own command.\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: "string" },
      "rolled-back": { type: "string" },
      applied: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const command = positionals[0];
  if (values.help || command === undefined) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  // npm runs workspace scripts in the package folder; relative paths mean the caller's folder.
  if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
  const url =
    values.url ?? process.env.DATABASE_URL ?? `file:${process.env.TRACELIGHT_DATA_DIR ?? "./data"}/tracelight.db`;
  const where = describe(url);

  switch (command) {
    case "deploy": {
      const { applied } = await migrateDeploy(url);
      console.log(
        applied.length === 0 ? `${where}: up to date` : `${where}: applied ${applied.length}: ${applied.join(", ")}`,
      );
      return 0;
    }
    case "status": {
      const status = await migrationStatus(url);
      if (status.upToDate) {
        console.log(`${where}: up to date`);
        return 0;
      }
      const lines = [
        ["not yet applied", status.pending],
        ["applied but missing from the folder", status.unknownToFolder],
        ["failed (resolve by hand, then deploy)", status.failed],
        ["edited after being applied", status.edited],
      ] as const;
      console.log(`${where}: not up to date`);
      for (const [label, names] of lines) if (names.length > 0) console.log(`  ${label}: ${names.join(", ")}`);
      return 1;
    }
    case "resolve": {
      const rolledBack = values["rolled-back"];
      const name = rolledBack ?? values.applied;
      if (!name || (rolledBack && values.applied))
        throw new Error(`resolve needs one of --rolled-back or --applied\n${USAGE}`);
      await resolveMigration(url, name, rolledBack ? "rolled-back" : "applied");
      console.log(`${where}: marked ${name} ${rolledBack ? "rolled back" : "applied"}`);
      return 0;
    }
    default:
      console.error(`unknown command ${JSON.stringify(command)}\n${USAGE}`);
      return 2;
  }
}

function describe(url: string): string {
  const target = parseDatabaseUrl(url);
  return target.provider === "sqlite" ? `SQLite ${target.path}` : `PostgreSQL ${redactUrl(target.url)}`;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
