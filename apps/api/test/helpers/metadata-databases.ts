// Defines a metadata-database suite twice: on a real SQLite file in a fresh temporary folder and
// on a throwaway PostgreSQL server. Without PostgreSQL's binaries the second is skipped loudly
// (`npm test` as root installs them through scripts/setup-system.sh).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findPostgresBin, type PostgresServer, startPostgres } from "@tracelight/db/testing";
import { afterAll, beforeAll, describe, it } from "vitest";

export interface MetadataDatabases {
  /** What the suite tests, for the skip message ("pruneAlertHistory"). */
  subject: string;
  /** A PostgreSQL port no other test file uses. */
  postgresPort: number;
  /** The PostgreSQL database the suite gets. */
  postgresDatabase: string;
}

export function onSqliteAndPostgres(
  { subject, postgresPort, postgresDatabase }: MetadataDatabases,
  defineSuite: (name: string, url: () => Promise<string>) => void,
): void {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "tracelight-metadata-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  defineSuite("SQLite", async () => `file:${join(dir, "tracelight.db")}`);

  const bin = findPostgresBin();
  if (!("dir" in bin)) {
    console.warn(`\n!!! SKIPPING ${subject} on PostgreSQL: ${bin.missing}\n`);
    describe(`${subject} on PostgreSQL`, () => {
      it.skip(`needs PostgreSQL's server binaries: ${bin.missing}`, () => {});
    });
    return;
  }
  let server: PostgresServer | undefined;
  beforeAll(() => {
    server = startPostgres(bin.dir, postgresPort);
  });
  afterAll(() => server?.stop());
  defineSuite("PostgreSQL", async () => {
    if (server === undefined) throw new Error("PostgreSQL did not start");
    return server.urlFor(postgresDatabase);
  });
}
