// Malformed and hostile bodies: every failure must be an OtlpDecodeError naming the problem
// (never a RangeError, never a hang), and bad IDs refuse only their own item.
import {
  ProtobufLogsSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
} from "@opentelemetry/otlp-transformer";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeLogs, decodeMetrics, decodeTraces, OtlpDecodeError, type OtlpEncoding } from "../src/index.ts";
import { ProtoWriter } from "./proto-writer.ts";
import { makeLogs, makeMetrics, makeSpans } from "./sdk.ts";

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const SPAN = "00f067aa0ba902b7";
const decoders = [decodeTraces, decodeLogs, decodeMetrics] as const;
const text = (value: string) => new TextEncoder().encode(value);

/** Wraps span messages into an ExportTraceServiceRequest. */
function traceRequest(...spans: ((s: ProtoWriter) => unknown)[]): Uint8Array {
  return new ProtoWriter()
    .message(1, (rs) =>
      rs.message(2, (ss) => {
        for (const span of spans) ss.message(2, span);
      }),
    )
    .finish();
}
const validSpan = (s: ProtoWriter) => s.hex(1, TRACE).hex(2, SPAN).string(5, "ok");

function errorOf(run: () => unknown): OtlpDecodeError {
  try {
    run();
  } catch (err) {
    if (err instanceof OtlpDecodeError) return err;
    throw err;
  }
  throw new Error("expected an OtlpDecodeError, got a result");
}

/** Deterministic PRNG (mulberry32) so a failing fuzz case can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Decodes or throws OtlpDecodeError; anything else fails the test. */
function decodeOrReject(decode: (typeof decoders)[number], body: Uint8Array, encoding: OtlpEncoding): boolean {
  try {
    decode(body, encoding);
    return true;
  } catch (err) {
    if (!(err instanceof OtlpDecodeError)) throw err;
    return false;
  }
}

let valid: Uint8Array[];
beforeAll(async () => {
  valid = [
    ProtobufTraceSerializer.serializeRequest(await makeSpans()),
    ProtobufLogsSerializer.serializeRequest(await makeLogs()),
    ProtobufMetricsSerializer.serializeRequest(await makeMetrics()),
  ].map((b) => b ?? new Uint8Array());
});

describe("fault: hostile OTLP — decoding: empty bodies", () => {
  it("are empty requests in both encodings", () => {
    for (const encoding of ["protobuf", "json"] as const) {
      expect(decodeTraces(new Uint8Array(), encoding)).toEqual({ rows: [], rejected: 0, errors: [] });
      expect(decodeLogs(new Uint8Array(), encoding)).toEqual({ rows: [], rejected: 0, errors: [] });
      expect(decodeMetrics(new Uint8Array(), encoding).rows).toEqual({
        gauge: [],
        sum: [],
        histogram: [],
        exponentialHistogram: [],
        summary: [],
      });
    }
    expect(decodeTraces(text("{}"), "json").rows).toEqual([]);
  });
});

describe("fault: hostile OTLP — decoding: truncated and random protobuf", () => {
  it("rejects every truncation of real requests with OtlpDecodeError", () => {
    valid.forEach((body, signal) => {
      const decode = decoders[signal] as (typeof decoders)[number];
      let refused = 0;
      for (let n = 1; n < body.length; n++) if (!decodeOrReject(decode, body.subarray(0, n), "protobuf")) refused++;
      // A cut can land exactly between two top-level fields; every other cut must be refused.
      expect(refused).toBeGreaterThan(body.length * 0.95);
    });
    const cut = valid[0]?.subarray(0, (valid[0]?.length ?? 0) - 3) ?? new Uint8Array();
    expect(errorOf(() => decodeTraces(cut, "protobuf")).message).toMatch(/^invalid protobuf: .* at byte \d+$/);
  });

  it("survives random bytes and mutated requests (fixed seed)", () => {
    const next = random(20240601);
    let decoded = 0;
    for (let i = 0; i < 4000; i++) {
      const body = new Uint8Array(Math.floor(next() * 200));
      for (let j = 0; j < body.length; j++) body[j] = Math.floor(next() * 256);
      for (const decode of decoders) if (decodeOrReject(decode, body, "protobuf")) decoded++;
    }
    valid.forEach((original, signal) => {
      const decode = decoders[signal] as (typeof decoders)[number];
      for (let i = 0; i < 1500; i++) {
        const body = original.slice();
        const flips = 1 + Math.floor(next() * 4);
        for (let f = 0; f < flips; f++) body[Math.floor(next() * body.length)] = Math.floor(next() * 256);
        if (decodeOrReject(decode, body, "protobuf")) decoded++;
      }
    });
    expect(decoded).toBeGreaterThan(0); // some mutations stay valid: the loop exercised both paths
  });

  it("survives random JSON-ish text", () => {
    const next = random(7);
    const alphabet = '{}[]":,0123456789abcdefnulltrue-.eE \\';
    for (let i = 0; i < 2000; i++) {
      let s = "";
      for (let j = 0, n = Math.floor(next() * 60); j < n; j++) s += alphabet[Math.floor(next() * alphabet.length)];
      for (const decode of decoders) decodeOrReject(decode, text(s), "json");
    }
  });
});

describe("fault: hostile OTLP — decoding: malformed protobuf is named", () => {
  const cases: [string, number[] | Uint8Array, RegExp][] = [
    ["truncated varint", [0x0a, 0x80], /invalid protobuf: truncated varint at byte 1/],
    ["11-byte varint", [0x10, ...new Array(10).fill(0xff), 0x01], /varint longer than 10 bytes at byte 1/],
    ["huge length", [0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f], /length 4294967295 exceeds the 0 remaining bytes at byte 1/],
    ["64-bit length", [0x0a, ...new Array(9).fill(0xff), 0x01], /length \d+ exceeds the message at byte 1/],
    ["field number 0", [0x02, 0x00], /field number 0 at byte 0/],
    ["wire type 6", [0x0e], /invalid wire type 6 for field 1/],
    ["wire type 7", [0x17], /invalid wire type 7 for field 2/],
    ["stray end-group", [0x0c], /unexpected end-group tag for field 1/],
    ["unterminated group", [0x1b, 0x08, 0x01], /unterminated group for field 3/],
    ["mismatched group end", [0x1b, 0x24], /end-group tag for field 4 closes group 3/],
    ["truncated fixed64", traceRequest((s) => s.raw(0x39, 1, 2, 3)), /truncated fixed64|overruns/],
    ["wrong wire type", traceRequest((s) => validSpan(s).uint(5, 3)), /field 5 of Span has wrong wire type 0/],
    ["resource_spans as varint", [0x08, 0x01], /field 1 of ExportTraceServiceRequest has wrong wire type 0/],
    // A KeyValue claiming more bytes than its attribute field holds.
    [
      "overrun",
      traceRequest((s) => validSpan(s).raw(0x4a, 0x04, 0x0a, 0x05, 0x61, 0x62)),
      /field overruns the end of KeyValue|exceeds/,
    ],
  ];
  it.each(cases)("%s", (_name, bytes, message) => {
    const err = errorOf(() => decodeTraces(Uint8Array.from(bytes), "protobuf"));
    expect(err.message).toMatch(message);
  });

  it("skips unknown fields of every wire type, groups included", () => {
    const body = traceRequest(
      (s) =>
        validSpan(s)
          .uint(40, 5) // varint
          .fixed64(41, 1n) // fixed64
          .string(42, "x") // length-delimited
          .fixed32(43, 9) // fixed32
          .raw(0xe3, 0x02, 0x08, 0x01, 0xe4, 0x02), // group 44 holding a varint
    );
    const { rows } = decodeTraces(body, "protobuf");
    expect(rows.map((r) => r.SpanName)).toEqual(["ok"]);
  });
});

describe("fault: hostile OTLP — decoding: invalid IDs refuse only their item", () => {
  it("spans (protobuf)", () => {
    const body = traceRequest(
      validSpan,
      (s) => s.bytesField(1, [1, 2, 3, 4, 5]).hex(2, SPAN),
      (s) => s.hex(1, "00".repeat(16)).hex(2, SPAN),
      (s) => s.hex(1, TRACE),
      (s) => validSpan(s).bytesField(4, [1, 2, 3]),
      (s) => validSpan(s).message(13, (l) => l.hex(1, TRACE).bytesField(2, [1])),
      (s) => validSpan(s).hex(4, "00".repeat(8)),
      (s) => s.bytesField(1, [9, 9, 9, 9, 9]).hex(2, SPAN),
    );
    const decoded = decodeTraces(body, "protobuf");
    expect(decoded.rows.map((r) => r.ParentSpanId)).toEqual(["", ""]); // all-zero parent = root
    expect(decoded.rejected).toBe(6);
    expect(decoded.errors).toEqual([
      "span with invalid trace_id (must be 16 bytes, got 5)",
      "span with invalid trace_id (all zeros)",
      "span with invalid span_id (must be 8 bytes, got 0)",
      "span with invalid parent_span_id (must be 8 bytes or empty, got 3)",
      "span with invalid link span_id (must be 8 bytes, got 1)",
    ]);
  });

  it("spans (JSON)", () => {
    const spans = [
      { traceId: TRACE, spanId: SPAN, name: "ok" },
      { traceId: "0102030405", spanId: SPAN },
      { traceId: "xyz", spanId: SPAN },
      { traceId: TRACE.toUpperCase(), spanId: SPAN, parentSpanId: "abc" },
      { traceId: TRACE, spanId: 5 },
    ];
    const decoded = decodeTraces(text(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] })), "json");
    expect(decoded.rows.map((r) => r.TraceId)).toEqual([TRACE]);
    expect(decoded.rejected).toBe(4);
    expect(decoded.errors).toEqual([
      "span with invalid trace_id (must be 16 bytes, got 5)",
      'span with invalid trace_id (not a hex string: "xyz")',
      'span with invalid parent_span_id (not a hex string: "abc")',
      "span with invalid span_id (must be a hex string)",
    ]);
  });

  it("log records and metric data points", () => {
    const logs = new ProtoWriter()
      .message(1, (rl) =>
        rl.message(2, (sl) =>
          sl.message(2, (l) => l.string(3, "ok")).message(2, (l) => l.bytesField(9, [1, 2, 3, 4, 5]).string(3, "bad")),
        ),
      )
      .finish();
    const decodedLogs = decodeLogs(logs, "protobuf");
    expect(decodedLogs.rows.map((r) => r.SeverityText)).toEqual(["ok"]);
    expect(decodedLogs.errors).toEqual(["log record with invalid trace_id (must be 16 bytes or empty, got 5)"]);

    const metrics = new ProtoWriter()
      .message(1, (rm) =>
        rm.message(2, (sm) =>
          sm.message(2, (m) =>
            m
              .string(1, "g")
              .message(5, (g) =>
                g
                  .message(1, (p) => p.double(4, 1))
                  .message(1, (p) => p.double(4, 2).message(5, (e) => e.bytesField(4, [1, 2]))),
              ),
          ),
        ),
      )
      .finish();
    const decodedMetrics = decodeMetrics(metrics, "protobuf");
    expect(decodedMetrics.rows.gauge.map((r) => r.Value)).toEqual([1]);
    expect(decodedMetrics.rejected).toBe(1);
    expect(decodedMetrics.errors).toEqual([
      "data point with invalid exemplar span_id (must be 8 bytes or empty, got 2)",
    ]);
  });
});

describe("fault: hostile OTLP — decoding: invalid UTF-8", () => {
  it("is replaced with U+FFFD, the item kept and the client warned (protobuf)", () => {
    const body = traceRequest(
      (s) => s.hex(1, TRACE).hex(2, SPAN).bytesField(5, [0x66, 0xff, 0x6f]),
      (s) => s.hex(1, TRACE).hex(2, SPAN).string(5, "real \uFFFD is fine"),
    );
    const decoded = decodeTraces(body, "protobuf");
    expect(decoded.rows.map((r) => r.SpanName)).toEqual(["f\uFFFDo", "real \uFFFD is fine"]);
    expect(decoded.rejected).toBe(0);
    expect(decoded.errors).toEqual([
      "1 string(s) with invalid UTF-8 were stored with U+FFFD replacement characters (OTLP strings must be UTF-8)",
    ]);
  });

  it("is replaced with U+FFFD and warned about (JSON)", () => {
    const prefix = text(
      `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${TRACE}","spanId":"${SPAN}","name":"f`,
    );
    const body = Uint8Array.from([...prefix, 0xc3, ...text('o"}]}]}]}')]);
    const decoded = decodeTraces(body, "json");
    expect(decoded.rows[0]?.SpanName).toBe("f\uFFFDo");
    expect(decoded.rejected).toBe(0);
    expect(decoded.errors).toHaveLength(1);
  });
});

describe("fault: hostile OTLP — decoding: deeply nested AnyValue", () => {
  function varint(n: number): number[] {
    const out: number[] = [];
    for (; n >= 0x80; n = Math.floor(n / 128)) out.push((n & 0x7f) | 0x80);
    out.push(n);
    return out;
  }
  function nestedProtobuf(depth: number): Uint8Array {
    // AnyValue{array_value(5): ArrayValue{values(1): AnyValue ...}}: every message ends where its
    // child ends, so the body is all the prefixes (computed inside out) followed by the leaf.
    const leaf = [0x0a, 4, ...text("leaf")];
    const prefixes: number[][] = [];
    let size = leaf.length;
    for (let i = 0; i < depth; i++) {
      const arrayPrefix = [0x0a, ...varint(size)];
      size += arrayPrefix.length;
      const valuePrefix = [0x2a, ...varint(size)];
      size += valuePrefix.length;
      prefixes.push(arrayPrefix, valuePrefix);
    }
    const deep = Uint8Array.from([...prefixes.reverse().flat(), ...leaf]);
    return traceRequest((s) => validSpan(s).message(9, (a) => a.string(1, "deep").bytesField(2, deep)));
  }
  function nestedJson(depth: number): Uint8Array {
    const value = `${'{"arrayValue":{"values":['.repeat(depth)}{"stringValue":"leaf"}${"]}}".repeat(depth)}`;
    const span = `{"traceId":"${TRACE}","spanId":"${SPAN}","attributes":[{"key":"deep","value":${value}}]}`;
    return text(`{"resourceSpans":[{"scopeSpans":[{"spans":[${span}]}]}]}`);
  }

  it("accepts 32 levels of arrays and refuses the request at 33, in both encodings", () => {
    const expected = `${"[".repeat(32)}"leaf"${"]".repeat(32)}`;
    expect(decodeTraces(nestedProtobuf(32), "protobuf").rows[0]?.SpanAttributes.deep).toBe(expected);
    expect(decodeTraces(nestedJson(32), "json").rows[0]?.SpanAttributes.deep).toBe(expected);
    expect(errorOf(() => decodeTraces(nestedProtobuf(33), "protobuf")).message).toMatch(/nested deeper than 32 levels/);
    expect(errorOf(() => decodeTraces(nestedJson(33), "json")).message).toMatch(/nested deeper than 32 levels/);
  });

  it("refuses absurd nesting without a stack overflow", () => {
    expect(errorOf(() => decodeTraces(nestedProtobuf(5000), "protobuf")).message).toMatch(/nested deeper/);
    expect(errorOf(() => decodeTraces(nestedJson(5000), "json")).message).toMatch(/nested deeper/);
  });
});

describe("fault: hostile OTLP — decoding: malformed JSON is named", () => {
  const cases: [string, string, RegExp][] = [
    ["not JSON", "{oops", /^invalid OTLP\/JSON: invalid JSON: /],
    ["truncated", '{"resourceSpans":[', /invalid JSON/],
    ["not an object", "[]", /the request must be an object, got an array/],
    ["wrong list type", '{"resourceSpans":{}}', /request.resourceSpans must be an array/],
    [
      "wrong field type",
      `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${TRACE}","spanId":"${SPAN}","name":5}]}]}]}`,
      /span.name must be a string, got 5/,
    ],
    [
      "bad timestamp",
      `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${TRACE}","spanId":"${SPAN}","startTimeUnixNano":"12x"}]}]}]}`,
      /span.startTimeUnixNano must be an integer/,
    ],
    [
      "bad enum",
      `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${TRACE}","spanId":"${SPAN}","kind":"SERVER"}]}]}]}`,
      /span.kind must be an enum number or one of SPAN_KIND_UNSPECIFIED/,
    ],
  ];
  it.each(cases)("%s", (_name, body, message) => {
    expect(errorOf(() => decodeTraces(text(body), "json")).message).toMatch(message);
  });

  it("accepts enum names and int64 numbers", () => {
    const span = {
      traceId: TRACE,
      spanId: SPAN,
      kind: "SPAN_KIND_CONSUMER",
      startTimeUnixNano: 1000,
      endTimeUnixNano: "3000",
      status: { code: "STATUS_CODE_ERROR" },
    };
    const { rows } = decodeTraces(
      text(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] })),
      "json",
    );
    expect(rows[0]).toMatchObject({ SpanKind: "Consumer", StatusCode: "Error", Timestamp: 1000n, Duration: 2000n });
  });
});
