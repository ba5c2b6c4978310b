// Spans and log records built by hand (protobuf and OTLP/JSON twins) for what the JS SDK cannot
// produce: every AnyValue shape, log records without a timestamp, fields in unusual order.
import { describe, expect, it } from "vitest";
import { decodeLogs, decodeTraces } from "../src/index.ts";
import { json, SPAN, T0, TRACE } from "./handbuilt-constants.ts";
import { ProtoWriter } from "./proto-writer.ts";

describe("AnyValue flattening (hand-built)", () => {
  // One span whose attributes cover every AnyValue shape, nested ones included.
  const any = (w: ProtoWriter, key: string, build: (v: ProtoWriter) => unknown) =>
    w.message(9, (a) => a.string(1, key).message(2, build));
  const protobuf = new ProtoWriter()
    .message(1, (rs) =>
      rs.message(2, (ss) =>
        ss.message(2, (s) => {
          s.hex(1, TRACE)
            .hex(2, SPAN)
            .string(5, "op")
            .uint(6, 99)
            .fixed64(7, T0 + 5n)
            .fixed64(8, T0);
          any(s, "max", (v) => v.uint(3, 2n ** 63n - 1n));
          any(s, "min", (v) => v.uint(3, -(2n ** 63n)));
          any(s, "neg", (v) => v.uint(3, -1));
          any(s, "nan", (v) => v.double(4, Number.NaN));
          any(s, "tiny", (v) => v.double(4, 1e-7));
          any(s, "bytes", (v) => v.bytesField(7, [0, 1, 254, 255]));
          any(s, "empty", () => undefined);
          any(s, "bool", (v) => v.uint(2, 1));
          any(s, "map", (v) =>
            v.message(6, (l) => {
              l.message(1, (e) => e.string(1, "z").message(2, (x) => x.string(1, "last")));
              l.message(1, (e) =>
                e.string(1, "a").message(2, (x) => x.message(5, (arr) => arr.message(1, () => undefined))),
              );
              l.message(1, (e) => e.string(1, "z").message(2, (x) => x.double(4, Number.POSITIVE_INFINITY)));
              l.message(1, (e) => e.string(1, "b").message(2, (x) => x.bytesField(7, [104, 105])));
            }),
          );
          any(s, "__proto__", (v) => v.string(1, "kept"));
        }),
      ),
    )
    .finish();
  const jsonBody = json({
    resourceSpans: [
      {
        scopeSpans: [
          {
            spans: [
              {
                traceId: TRACE,
                spanId: SPAN,
                name: "op",
                kind: 99,
                startTimeUnixNano: String(T0 + 5n),
                endTimeUnixNano: String(T0),
                attributes: [
                  { key: "max", value: { intValue: "9223372036854775807" } },
                  { key: "min", value: { intValue: "-9223372036854775808" } },
                  { key: "neg", value: { intValue: -1 } },
                  { key: "nan", value: { doubleValue: "NaN" } },
                  { key: "tiny", value: { doubleValue: 1e-7 } },
                  { key: "bytes", value: { bytesValue: "AAH+/w==" } },
                  { key: "empty", value: {} },
                  { key: "bool", value: { boolValue: true } },
                  {
                    key: "map",
                    value: {
                      kvlistValue: {
                        values: [
                          { key: "z", value: { stringValue: "last" } },
                          { key: "a", value: { arrayValue: { values: [{}] } } },
                          { key: "z", value: { doubleValue: "Infinity" } },
                          { key: "b", value: { bytesValue: "aGk" } },
                        ],
                      },
                    },
                  },
                  { key: "__proto__", value: { stringValue: "kept" } },
                ],
              },
            ],
          },
        ],
      },
    ],
  });

  it("follows pdata's AsString in both encodings", () => {
    for (const [body, encoding] of [
      [protobuf, "protobuf"],
      [jsonBody, "json"],
    ] as const) {
      const { rows, rejected } = decodeTraces(body, encoding);
      expect(rejected).toBe(0);
      const attrs = rows[0]?.SpanAttributes ?? {};
      expect(Object.entries(attrs)).toEqual([
        ["max", "9223372036854775807"],
        ["min", "-9223372036854775808"],
        ["neg", "-1"],
        ["nan", "NaN"],
        ["tiny", "1e-7"],
        ["bytes", "AAH+/w=="],
        ["empty", ""],
        ["bool", "true"],
        // Keys sorted, the later "z" wins, bytes as base64, non-finite doubles as strings.
        ["map", '{"a":[null],"b":"aGk=","z":"Infinity"}'],
        // A real own property, not a prototype change.
        ["__proto__", "kept"],
      ]);
      expect(Object.getPrototypeOf(attrs)).toBe(Object.prototype);
      expect(rows[0]?.SpanKind).toBe("Unspecified"); // unknown enum value
      expect(rows[0]?.Duration).toBe(0n); // ends before it starts: clamped, not wrapped
      expect(rows[0]?.ServiceName).toBe("");
      expect(rows[0]?.ResourceAttributes).toEqual({});
    }
  });
});

describe("log records (hand-built)", () => {
  const protobuf = new ProtoWriter()
    .message(1, (rl) =>
      rl.message(2, (sl) =>
        sl
          .message(2, (l) =>
            l
              .fixed64(11, T0 + 7n)
              .string(12, "evt")
              .fixed32(8, 0x301)
              .uint(2, 300),
          )
          .message(2, (l) =>
            l
              .fixed64(1, T0)
              .fixed64(11, T0 + 1n)
              .hex(9, "00".repeat(16))
              .hex(10, "00".repeat(8)),
          ),
      ),
    )
    .finish();
  const jsonBody = json({
    resourceLogs: [
      {
        scopeLogs: [
          {
            logRecords: [
              { observedTimeUnixNano: String(T0 + 7n), eventName: "evt", flags: 0x301, severityNumber: 300 },
              { timeUnixNano: String(T0), observedTimeUnixNano: String(T0 + 1n), traceId: "0".repeat(32), spanId: "" },
            ],
          },
        ],
      },
    ],
  });

  it("falls back to the observed time, masks flags, treats zero IDs as absent", () => {
    for (const [body, encoding] of [
      [protobuf, "protobuf"],
      [jsonBody, "json"],
    ] as const) {
      const { rows, rejected } = decodeLogs(body, encoding);
      expect(rejected).toBe(0);
      expect(
        rows.map((r) => [r.Timestamp, r.TraceFlags, r.SeverityNumber, r.EventName, r.TraceId, r.SpanId, r.Body]),
      ).toEqual([
        [T0 + 7n, 1, 300 & 0xff, "evt", "", "", ""],
        [T0, 0, 0, "", "", "", ""],
      ]);
    }
  });
});
