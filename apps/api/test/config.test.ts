import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../src/config.ts";

describe("parseConfig", () => {
  it("has safe defaults", () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      host: "127.0.0.1",
      otlpHttpPort: 4318,
      otlpGrpcPort: 4317,
      apiPort: 3001,
      clickhouseUrl: undefined,
      dataDir: resolve("./data"),
      ttlDays: { traces: 7, logs: 7, metrics: 30 },
      ingestKeys: [],
      maxBodyBytes: 16 * 1024 * 1024,
    });
    expect([...config.roles]).toEqual(["ingest", "query", "alerts"]);
  });

  it("reads every variable", () => {
    const config = parseConfig({
      TRACELIGHT_HOST: "0.0.0.0",
      OTLP_HTTP_PORT: "14318",
      OTLP_GRPC_PORT: "0",
      API_PORT: "13001",
      CLICKHOUSE_URL: "http://ch:8123",
      TRACELIGHT_DATA_DIR: "/tmp/x",
      TRACELIGHT_TTL_TRACES_DAYS: "3",
      TRACELIGHT_INGEST_KEYS: " k1, k2 ,,",
      TRACELIGHT_MAX_BODY_BYTES: "1024",
      TRACELIGHT_INGEST_MAX_QUEUED_ROWS: "10",
      TRACELIGHT_INGEST_MAX_QUEUED_BYTES: "2048",
      TRACELIGHT_INGEST_MAX_BATCH_ROWS: "5",
      TRACELIGHT_RETRY_AFTER_SECONDS: "7",
    });
    expect(config).toMatchObject({
      host: "0.0.0.0",
      otlpHttpPort: 14318,
      otlpGrpcPort: 0,
      apiPort: 13001,
      clickhouseUrl: "http://ch:8123",
      dataDir: "/tmp/x",
      ttlDays: { traces: 3, logs: 7, metrics: 30 },
      ingestKeys: ["k1", "k2"],
      maxBodyBytes: 1024,
      ingest: { maxQueuedRows: 10, maxQueuedBytes: 2048, maxBatchRows: 5, retryAfterSeconds: 7 },
    });
  });

  it("alerts: the metadata database, the evaluation interval, the retention and the UI's public URL", () => {
    expect(parseConfig({ TRACELIGHT_DATA_DIR: "/tmp/x" })).toMatchObject({
      databaseUrl: "file:/tmp/x/tracelight.db",
      alerts: { evalIntervalMs: 30_000, retentionDays: 30, publicUrl: "http://localhost:3000" },
    });
    const config = parseConfig({
      DATABASE_URL: "postgresql://u@db:5432/tracelight",
      ALERT_EVAL_INTERVAL_S: "5",
      TRACELIGHT_ALERT_RETENTION_DAYS: "7",
      TRACELIGHT_PUBLIC_URL: "https://tracelight.example.com/",
    });
    expect(config.databaseUrl).toBe("postgresql://u@db:5432/tracelight");
    expect(config.alerts).toEqual({
      evalIntervalMs: 5000,
      retentionDays: 7,
      publicUrl: "https://tracelight.example.com",
      webhookAllow: [],
      webhookDeny: [],
    });
    const invalid = () =>
      parseConfig({
        DATABASE_URL: "mysql://x",
        ALERT_EVAL_INTERVAL_S: "0",
        TRACELIGHT_ALERT_RETENTION_DAYS: "0",
        TRACELIGHT_PUBLIC_URL: "x",
      });
    // Each named, in whatever order the schema parts check them (the accounts part has the URL).
    expect(invalid).toThrow(/DATABASE_URL: must be file:<path> \(SQLite\) or postgresql:\/\/…/);
    for (const name of ["ALERT_EVAL_INTERVAL_S", "TRACELIGHT_ALERT_RETENTION_DAYS", "TRACELIGHT_PUBLIC_URL:"])
      expect(invalid).toThrow(name);
  });

  it("webhook allow and deny lists: host names, *.suffixes, IPs and CIDRs; anything else is named", () => {
    const config = parseConfig({
      TRACELIGHT_WEBHOOK_ALLOW: "hooks.slack.com, *.corp.example",
      TRACELIGHT_WEBHOOK_DENY: "10.0.0.0/8,fd00::/8,192.168.1.1",
    });
    expect(config.alerts).toMatchObject({
      webhookAllow: ["hooks.slack.com", "*.corp.example"],
      webhookDeny: ["10.0.0.0/8", "fd00::/8", "192.168.1.1"],
    });
    expect(() => parseConfig({ TRACELIGHT_WEBHOOK_DENY: "10.0.0.0/33,ok.example,http://x" })).toThrow(
      "TRACELIGHT_WEBHOOK_DENY: not a host name, IP or CIDR: 10.0.0.0/33, http://x",
    );
  });

  it("self-metrics: every 15 s by default, 0 turns them off; an optional http(s) URL; bad values are named", () => {
    expect(parseConfig({}).selfMetricsIntervalMs).toBe(15_000);
    expect(parseConfig({ TRACELIGHT_SELF_METRICS_INTERVAL_S: "0" }).selfMetricsIntervalMs).toBe(0);
    expect(() => parseConfig({ TRACELIGHT_SELF_METRICS_INTERVAL_S: "-1" })).toThrow(
      "TRACELIGHT_SELF_METRICS_INTERVAL_S",
    );
    expect(parseConfig({}).selfMetricsUrl).toBeUndefined();
    expect(parseConfig({ TRACELIGHT_SELF_METRICS_URL: "http://ingest:4318/" }).selfMetricsUrl).toBe(
      "http://ingest:4318",
    );
    expect(() => parseConfig({ TRACELIGHT_SELF_METRICS_URL: "ingest:4318" })).toThrow("TRACELIGHT_SELF_METRICS_URL");
  });

  it("treats an empty CLICKHOUSE_URL as unset", () => {
    expect(parseConfig({ CLICKHOUSE_URL: "" }).clickhouseUrl).toBeUndefined();
  });

  it("names every invalid variable", () => {
    const attempt = () =>
      parseConfig({
        OTLP_HTTP_PORT: "70000",
        API_PORT: "abc",
        CLICKHOUSE_URL: "ftp://x",
        TRACELIGHT_TTL_LOGS_DAYS: "0",
      });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/OTLP_HTTP_PORT/);
    expect(attempt).toThrow(/API_PORT/);
    expect(attempt).toThrow(/CLICKHOUSE_URL/);
    expect(attempt).toThrow(/TRACELIGHT_TTL_LOGS_DAYS/);
  });

  it("refuses a retention whose TTL would run past DateTime's end (2106) and wrap", () => {
    expect(() => parseConfig({ TRACELIGHT_TTL_TRACES_DAYS: "36500" })).toThrow(/TRACELIGHT_TTL_TRACES_DAYS/);
    expect(parseConfig({ TRACELIGHT_TTL_TRACES_DAYS: "7300" }).ttlDays.traces).toBe(7300);
    // Only a variable that was set reaches tables Tracelight did not create (README: retention).
    expect(parseConfig({}).ttlExplicit).toEqual({ traces: false, logs: false, metrics: false });
    expect(parseConfig({ TRACELIGHT_TTL_LOGS_DAYS: "7" }).ttlExplicit).toEqual({
      traces: false,
      logs: true,
      metrics: false,
    });
  });

  it("takes the item times ingest stores from TRACELIGHT_INGEST_MIN_TIME and _MAX_FUTURE", () => {
    expect(parseConfig({}).ingest.times).toEqual({ minTimeMs: Date.UTC(2000, 0, 1), maxFutureMs: 86_400_000 });
    expect(
      parseConfig({ TRACELIGHT_INGEST_MIN_TIME: "2020-06-01T00:00:00Z", TRACELIGHT_INGEST_MAX_FUTURE: "6h" }).ingest
        .times,
    ).toEqual({ minTimeMs: Date.UTC(2020, 5, 1), maxFutureMs: 6 * 3_600_000 });
    expect(parseConfig({ TRACELIGHT_INGEST_MIN_TIME: "946684800000" }).ingest.times?.minTimeMs).toBe(
      Date.UTC(2000, 0, 1),
    );
    const attempt = () => parseConfig({ TRACELIGHT_INGEST_MIN_TIME: "now-30d", TRACELIGHT_INGEST_MAX_FUTURE: "1 day" });
    expect(attempt).toThrow(/TRACELIGHT_INGEST_MIN_TIME: must be an RFC 3339 time or epoch milliseconds/);
    expect(attempt).toThrow(/TRACELIGHT_INGEST_MAX_FUTURE: must be a duration such as 1d/);
    expect(() => parseConfig({ TRACELIGHT_INGEST_MIN_TIME: "2300-01-01T00:00:00Z" })).toThrow(
      /TRACELIGHT_INGEST_MIN_TIME: must be between 1970/,
    );
  });

  it("refuses a batch cap above the queue cap", () => {
    expect(() =>
      parseConfig({ TRACELIGHT_INGEST_MAX_QUEUED_ROWS: "10", TRACELIGHT_INGEST_MAX_BATCH_ROWS: "20" }),
    ).toThrow(/TRACELIGHT_INGEST_MAX_BATCH_ROWS/);
  });

  it("takes roles from --role (flag wins over TRACELIGHT_ROLE)", () => {
    expect([...parseConfig({}, ["--role", "ingest,query"]).roles]).toEqual(["ingest", "query"]);
    expect([...parseConfig({}, ["--role=query"]).roles]).toEqual(["query"]);
    expect([...parseConfig({ TRACELIGHT_ROLE: "ingest" }).roles]).toEqual(["ingest"]);
    expect([...parseConfig({ TRACELIGHT_ROLE: "ingest" }, ["--role", "query"]).roles]).toEqual(["query"]);
    expect(() => parseConfig({}, ["--role", "ingest,bogus"])).toThrow(/unknown role "bogus"/);
    expect(() => parseConfig({}, ["--role"])).toThrow(/--role needs a value/);
  });

  it("takes the host names the query API answers to from TRACELIGHT_ALLOWED_HOSTS, URLs refused", () => {
    expect([...parseConfig({ TRACELIGHT_ALLOWED_HOSTS: "obs.example.com, 10.0.0.5" }).originPolicy.hosts]).toEqual([
      "obs.example.com",
      "10.0.0.5",
    ]);
    expect(() => parseConfig({ TRACELIGHT_ALLOWED_HOSTS: "https://obs.example.com" })).toThrow(
      /TRACELIGHT_ALLOWED_HOSTS: must be a comma list of host names/,
    );
  });
});
