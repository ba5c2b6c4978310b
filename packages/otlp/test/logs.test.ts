// Log records made by the OpenTelemetry JS SDK (sdk-logs), serialized by otlp-transformer,
// decoded from both encodings and compared with what was emitted.
import { JsonLogsSerializer, ProtobufLogsSerializer } from "@opentelemetry/otlp-transformer";
import type { ReadableLogRecord } from "@opentelemetry/sdk-logs";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeLogs, type LogRow } from "../src/index.ts";
import { makeLogs, nanos } from "./sdk.ts";

let records: ReadableLogRecord[];
beforeAll(async () => {
  records = await makeLogs();
});

describe.each(["protobuf", "json"] as const)("decodeLogs (%s, JS SDK fixtures)", (encoding) => {
  let rows: LogRow[];
  beforeAll(() => {
    const body =
      encoding === "protobuf"
        ? ProtobufLogsSerializer.serializeRequest(records)
        : JsonLogsSerializer.serializeRequest(records);
    if (body === undefined) throw new Error("serializer returned nothing");
    const decoded = decodeLogs(body, encoding);
    expect(decoded.rejected).toBe(0);
    expect(decoded.errors).toEqual([]);
    rows = decoded.rows;
  });

  it("returns one row per record, with resource and scope", () => {
    expect(rows).toHaveLength(records.length);
    for (const row of rows) {
      expect(row.ServiceName).toBe("checkout");
      expect(row.ResourceAttributes["service.instance.id"]).toBe("i-1");
      expect(row.ResourceSchemaUrl).toBe("");
      expect(row.ScopeName).toBe("app-logger");
      expect(row.ScopeVersion).toBe("0.9.0");
      expect(row.ScopeSchemaUrl).toBe("https://opentelemetry.io/schemas/1.21.0");
      expect(row.ScopeAttributes).toEqual({});
    }
  });

  it("maps a record inside a span", () => {
    const [first] = rows;
    expect(first).toEqual({
      Timestamp: nanos([1_700_000_010, 1]),
      TraceId: "5b8efff798038103d269b633813fc60c",
      SpanId: "eee19b7ec3c1b174",
      TraceFlags: 1,
      SeverityText: "INFO",
      SeverityNumber: 9,
      ServiceName: "checkout",
      Body: "user logged in",
      ResourceSchemaUrl: "",
      ResourceAttributes: expect.any(Object),
      ScopeSchemaUrl: "https://opentelemetry.io/schemas/1.21.0",
      ScopeName: "app-logger",
      ScopeVersion: "0.9.0",
      ScopeAttributes: {},
      LogAttributes: {
        "user.id": "42",
        ok: "true",
        // Maps become JSON with sorted keys; null stays null; bytes become base64.
        nested: '{"a":null,"b":[1,"two"]}',
        raw: "AQL/",
      },
      EventName: "session.start",
    } satisfies LogRow);
  });

  it("renders every body type", () => {
    expect(rows.map((r) => r.Body)).toEqual([
      "user logged in",
      '{"count":3,"list":[true,{"deep":"x"}],"message":"structured","ratio":0.5}',
      "aGk=",
      "12.5",
      "",
    ]);
  });

  it("uses severity, and no IDs outside a span", () => {
    expect(rows[1]?.SeverityNumber).toBe(18);
    expect(rows[1]?.SeverityText).toBe("ERROR");
    expect(rows[1]?.TraceId).toBe("");
    expect(rows[1]?.SpanId).toBe("");
    expect(rows[1]?.TraceFlags).toBe(0);
  });

  it("takes each record's time (the SDK fills a missing one itself; the fallback is in handbuilt.test.ts)", () => {
    expect(rows.map((r) => r.Timestamp)).toEqual(records.map((r) => nanos(r.hrTime)));
  });
});
