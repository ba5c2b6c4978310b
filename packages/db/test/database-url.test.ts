import { describe, expect, test } from "vitest";
import { parseDatabaseUrl, redactUrl } from "../src/database-url.ts";
import { toPostgresql } from "../src/schema.ts";

describe("parseDatabaseUrl", () => {
  test("file: URLs and plain paths are SQLite files, resolved against the working directory", () => {
    expect(parseDatabaseUrl("file:/var/lib/tl/tracelight.db")).toEqual({
      provider: "sqlite",
      path: "/var/lib/tl/tracelight.db",
    });
    expect(parseDatabaseUrl("file:///var/lib/tl/a%20b.db")).toEqual({ provider: "sqlite", path: "/var/lib/tl/a b.db" });
    expect(parseDatabaseUrl("file:./data/tracelight.db")).toEqual({
      provider: "sqlite",
      path: `${process.cwd()}/data/tracelight.db`,
    });
    expect(parseDatabaseUrl("/tmp/x.db")).toEqual({ provider: "sqlite", path: "/tmp/x.db" });
    expect(parseDatabaseUrl("data/x.db")).toEqual({ provider: "sqlite", path: `${process.cwd()}/data/x.db` });
  });

  test("postgres:// and postgresql:// are PostgreSQL", () => {
    for (const url of ["postgres://u:p@db:5432/tl", "postgresql://u@127.0.0.1/tl?sslmode=disable"]) {
      expect(parseDatabaseUrl(url)).toEqual({ provider: "postgresql", url });
    }
  });

  test("other schemes, empty URLs and SQLite options are refused with the reason", () => {
    expect(() => parseDatabaseUrl("mysql://u:secret@db/tl")).toThrow(/unsupported .*mysql:\/\/u:\*\*\*@db\/tl/);
    expect(() => parseDatabaseUrl("  ")).toThrow(/empty/);
    expect(() => parseDatabaseUrl("file:x.db?mode=ro")).toThrow(/options/);
    expect(() => parseDatabaseUrl("file::memory:")).toThrow(/names no file/);
  });
});

test("redactUrl hides the password only", () => {
  expect(redactUrl("postgresql://tl:s3cr%40t@db:5432/tl")).toBe("postgresql://tl:***@db:5432/tl");
  expect(redactUrl("postgresql://tl@db/tl")).toBe("postgresql://tl@db/tl");
  expect(redactUrl("file:/x.db")).toBe("file:/x.db");
});

test("toPostgresql swaps the datasource provider and the client's output, nothing else", () => {
  const schema = `generator client {\n  provider = "prisma-client"\n  output   = "../x"\n}\n\ndatasource db {\n  provider = "sqlite"\n}\n\nmodel A {\n  id String @id // provider = "sqlite"\n}\n`;
  const swapped = toPostgresql(schema, "../y");
  expect(swapped).toContain('datasource db {\n  provider = "postgresql"\n}');
  expect(swapped).toContain('output   = "../y"');
  expect(swapped).toContain('provider = "prisma-client"');
  expect(swapped).toContain('// provider = "sqlite"');
  expect(() => toPostgresql("model A { id String @id }")).toThrow(/no provider/);
});
