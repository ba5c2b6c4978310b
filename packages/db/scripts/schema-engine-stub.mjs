#!/usr/bin/env node
// Stands in for Prisma's native schema engine, which cannot be downloaded here: `prisma
// generate`, `validate` and `format` never start it; any command that does gets this answer.
// The CLI reads stderr as one header line, then JSON log lines (no trailing newline).
const message =
  "The native Prisma schema engine is not available offline. Migrations run through packages/db: `npm run db:migrate -- <deploy|status|resolve>`, and new ones are written with `npm run db:migrate:dev -w @tracelight/db -- --name NAME`.";
process.stderr.write(
  `tracelight schema-engine stub\n${JSON.stringify({ level: "ERROR", target: "schema_engine::logger", fields: { message, error_code: "OFFLINE" } })}`,
);
process.exit(1);
