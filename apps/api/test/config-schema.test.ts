// Who changes the schema: the migrate role, or every process on embedded chDB; checking
// processes wait for it. The cluster name and --print are read here too.
import { describe, expect, it } from "vitest";
import { parseConfig } from "../src/config.ts";

const server = { CLICKHOUSE_URL: "http://clickhouse:8123" };

describe("schema settings", () => {
  it("applies at start on embedded chDB, checks on a ClickHouse server", () => {
    expect(parseConfig({}).schema).toEqual({
      atStart: "apply",
      jobOnly: false,
      print: false,
      cluster: undefined,
      waitMs: 300_000,
    });
    expect(parseConfig(server).schema.atStart).toBe("check");
    expect(parseConfig({ ...server, TRACELIGHT_MIGRATE: "apply" }).schema.atStart).toBe("apply");
    expect(parseConfig({ TRACELIGHT_MIGRATE: "check" }).schema.atStart).toBe("check");
    expect(parseConfig({ TRACELIGHT_SCHEMA_WAIT_S: "0" }).schema.waitMs).toBe(0);
    expect(() => parseConfig({ TRACELIGHT_MIGRATE: "sometimes" })).toThrow(/TRACELIGHT_MIGRATE/);
  });

  it("runs the migrate role alone as a job, or before the roles it comes with", () => {
    const job = parseConfig(server, ["--role", "migrate"]);
    expect(job.schema).toMatchObject({ atStart: "apply", jobOnly: true });
    expect([...job.roles]).toEqual([]);
    const both = parseConfig(server, ["--role=migrate,query"]);
    expect(both.schema).toMatchObject({ atStart: "apply", jobOnly: false });
    expect([...both.roles]).toEqual(["query"]);
    expect(() => parseConfig({}, ["--role", "ingest,bogus"])).toThrow(
      /unknown role "bogus"; choose from ingest, query, alerts, migrate/,
    );
  });

  it("takes the cluster from TRACELIGHT_CLICKHOUSE_CLUSTER or --cluster, on a ClickHouse server only", () => {
    expect(parseConfig({ ...server, TRACELIGHT_CLICKHOUSE_CLUSTER: "prod" }).schema.cluster).toBe("prod");
    expect(
      parseConfig({ ...server, TRACELIGHT_CLICKHOUSE_CLUSTER: "prod" }, ["--role", "migrate", "--cluster", "dr"]).schema
        .cluster,
    ).toBe("dr");
    expect(() => parseConfig({ TRACELIGHT_CLICKHOUSE_CLUSTER: "prod" })).toThrow(
      /TRACELIGHT_CLICKHOUSE_CLUSTER needs CLICKHOUSE_URL/,
    );
    expect(() => parseConfig({ ...server, TRACELIGHT_CLICKHOUSE_CLUSTER: "a-b" })).toThrow(/cluster name/);
    expect(() => parseConfig(server, ["--cluster", "x;y"])).toThrow(/cluster name/);
  });

  it("prints the DDL with --role migrate alone, no ClickHouse needed", () => {
    expect(parseConfig({}, ["--role", "migrate", "--print", "--cluster", "tl"]).schema).toMatchObject({
      print: true,
      jobOnly: true,
      cluster: "tl",
    });
    expect(() => parseConfig({}, ["--print"])).toThrow(/--print goes with --role migrate alone/);
    expect(() => parseConfig({}, ["--role", "migrate,query", "--print"])).toThrow(/--print goes with/);
  });
});
