// The same evaluation suite with PostgreSQL for metadata: a throwaway server (initdb + pg_ctl,
// as `nobody` when root) started for this file. Without PostgreSQL's binaries it skips loudly;
// `npm test` as root installs them (scripts/setup-system.sh).
import { findPostgresBin, type PostgresServer, startPostgres } from "@tracelight/db/testing";
import { afterAll, beforeAll, describe, it } from "vitest";
import { defineAlertEvaluationSuite } from "./helpers/alert-evaluation-suite.ts";

const PORT = 4266;
const bin = findPostgresBin();

if ("dir" in bin) {
  let server: PostgresServer | undefined;
  beforeAll(() => {
    server = startPostgres(bin.dir, PORT);
  });
  afterAll(() => server?.stop());
  defineAlertEvaluationSuite("PostgreSQL", {
    databaseUrl: () => {
      if (server === undefined) throw new Error("PostgreSQL did not start");
      return server.urlFor("tracelight_alerts");
    },
  });
} else {
  console.warn(`\n!!! SKIPPING the alert evaluation suite on PostgreSQL: ${bin.missing}\n`);
  describe("alert evaluation on PostgreSQL", () => {
    it.skip(`needs PostgreSQL's server binaries: ${bin.missing}`, () => {});
  });
}
