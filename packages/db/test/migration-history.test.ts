// Reading `_prisma_migrations` against the folder, and Prisma's checksums (no database).
import { describe, expect, test } from "vitest";
import { compareHistory, logsSummary, type MigrationRow } from "../src/migration-history.ts";
import { checksumOf, type Migration, matchesChecksum } from "../src/migrations-folder.ts";

const migration = (name: string, script = `-- ${name}\n`): Migration => ({
  name,
  script,
  checksum: checksumOf(script),
  path: `prisma/migrations/${name}/migration.sql`,
});
const row = (m: Migration, fields: Partial<MigrationRow> = {}): MigrationRow => ({
  migrationName: m.name,
  checksum: m.checksum,
  startedAt: "2026-12-07T18:40:35.942+00:00",
  finishedAt: "2026-12-07T18:40:36.151+00:00",
  rolledBackAt: null,
  logs: null,
  ...fields,
});

describe("checksums", () => {
  test("sha256 of the file in lowercase hex, as Prisma writes it", () => {
    // The value Prisma's own test of render_checksum expects.
    expect(checksumOf("hello")).toBe("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  });

  test("a recorded checksum matches across LF/CRLF and in the early unpadded form, and nothing else", () => {
    const recorded = checksumOf("a\nb\n");
    expect(matchesChecksum("a\nb\n", recorded)).toBe(true);
    expect(matchesChecksum("a\r\nb\r\n", recorded)).toBe(true);
    expect(matchesChecksum("a\nb\n", checksumOf("a\r\nb\r\n"))).toBe(true);
    expect(matchesChecksum("a\nb", recorded)).toBe(false);
    // Early Prisma wrote each byte as {:x}: "0f" became "f".
    const unpadded = [...Buffer.from(checksumOf("x"), "hex")].map((b) => b.toString(16)).join("");
    expect(unpadded.length).toBeLessThan(64);
    expect(matchesChecksum("x", unpadded)).toBe(true);
    expect(matchesChecksum("y", unpadded)).toBe(false);
  });
});

describe("compareHistory", () => {
  const [a, b, c] = [migration("1_a"), migration("2_b"), migration("3_c")];

  test("pending keeps folder order; applied, failed and rolled-back attempts are told apart", () => {
    const history = compareHistory(
      [
        row(a),
        row(b, { finishedAt: null, rolledBackAt: "2026-12-07T19:00:00.000+00:00" }),
        row(b, { finishedAt: null, logs: "boom" }),
      ],
      [a, b, c],
    );
    expect(history.pending.map((m) => m.name)).toEqual(["3_c"]);
    expect(history.failed.map((r) => r.migrationName)).toEqual(["2_b"]);
    expect(history.edited).toEqual([]);
  });

  test("a rolled-back attempt alone leaves the migration pending", () => {
    const history = compareHistory([row(a, { finishedAt: null, rolledBackAt: "2026-12-07T19:00:00Z" })], [a]);
    expect(history.pending).toEqual([a]);
    expect(history.failed).toEqual([]);
  });

  test("edited and unknown-to-folder migrations are reported", () => {
    const edited = { ...a, script: `${a.script}-- more\n` };
    const history = compareHistory([row(a), row(migration("0_gone"))], [edited]);
    expect(history.edited).toEqual([edited]);
    expect(history.unknownToFolder).toEqual(["0_gone"]);
  });

  test("logs lose the Rust span trace the engines append", () => {
    const logs =
      'external connector error\nError querying the database: ERROR: relation "Channel" already exists\n' +
      '   0: sql_schema_connector::apply_migration::apply_script\n           with migration_name="x"';
    expect(logsSummary(logs)).toBe(
      'external connector error Error querying the database: ERROR: relation "Channel" already exists',
    );
    expect(logsSummary(null)).toBe("no logs recorded");
  });
});
