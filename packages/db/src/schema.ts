// The Prisma schema for each provider: prisma/schema.prisma is written for SQLite; the
// PostgreSQL schema is the same models with the datasource provider swapped.
import { readFileSync } from "node:fs";
import type { Provider } from "./database-url.ts";
import { SCHEMA_PATH } from "./paths.ts";

export function readSchema(provider: Provider, path = SCHEMA_PATH): string {
  const text = readFileSync(path, "utf8");
  return provider === "sqlite" ? text : toPostgresql(text);
}

/** Swaps the datasource provider and, when given, the generated client's output folder. */
export function toPostgresql(schema: string, output?: string): string {
  let swapped = replaceOnce(
    schema,
    /(datasource\s+\w+\s*\{[^}]*?provider\s*=\s*)"sqlite"/,
    '$1"postgresql"',
    "provider",
  );
  if (output !== undefined) {
    swapped = replaceOnce(
      swapped,
      /(generator\s+client\s*\{[^}]*?output\s*=\s*)"[^"]*"/,
      `$1${JSON.stringify(output)}`,
      "output",
    );
  }
  return swapped;
}

function replaceOnce(text: string, pattern: RegExp, replacement: string, what: string): string {
  if (!pattern.test(text)) throw new Error(`prisma/schema.prisma: found no ${what} to swap for PostgreSQL`);
  return text.replace(pattern, replacement);
}
