// The direct path (OTLP protobuf straight to Native columns, native/direct/) against the row
// path (decodeTraces/decodeLogs, then encodeSpans/encodeLogs): for the OTLP specification's
// example requests and for what the OpenTelemetry JS SDK's exporters send, both give the same
// block byte for byte, hence the same stored rows. Requests the direct path cannot store
// exactly as the row path would (refused or mended items, keys a row object reorders or
// merges, invalid UTF-8) must be handed back to the row path.
import { ProtobufLogsSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { decodeLogs, decodeTraces } from "@tracelight/otlp";
import { describe, expect, it } from "vitest";
import { kv, ProtoWriter } from "../../otlp/test/proto-writer.ts";
import { makeLogs, makeSpans } from "../../otlp/test/sdk.ts";
import {
  type DirectTimeWindow,
  type EncodedRows,
  encodeLogs,
  encodeLogsFromOtlp,
  encodeSpans,
  encodeSpansFromOtlp,
} from "../src/native/index.ts";

const ALL_TIME: DirectTimeWindow = { minNs: 0n, cutoffNs: 0n, maxNs: 2n ** 63n - 1n };
/** The spec examples' time, 2018-12-13T14:51:00Z. */
const T = 1_544_712_660_000_000_000n;
const TRACE = "5b8efff798038103d269b633813fc60c";
const SPAN = "eee19b7ec3c1b174";

function expectSameBlock(direct: EncodedRows | undefined, viaRows: EncodedRows): void {
  expect(direct).toBeDefined();
  const d = direct as EncodedRows;
  expect([d.table, d.columns, d.rowCount, d.columnStarts]).toEqual([
    viaRows.table,
    viaRows.columns,
    viaRows.rowCount,
    viaRows.columnStarts,
  ]);
  expect(Buffer.from(d.bytes).equals(Buffer.from(viaRows.bytes))).toBe(true);
}

function expectSameSpans(body: Uint8Array): void {
  const decoded = decodeTraces(body, "protobuf");
  expect(decoded.rejected).toBe(0);
  expectSameBlock(encodeSpansFromOtlp(body, ALL_TIME), encodeSpans(decoded.rows));
}

function expectSameLogs(body: Uint8Array): void {
  const decoded = decodeLogs(body, "protobuf");
  expect(decoded.rejected).toBe(0);
  expectSameBlock(encodeLogsFromOtlp(body, ALL_TIME), encodeLogs(decoded.rows));
}

const resource = (w: ProtoWriter) => w.message(1, (r) => kv.str(r, 1, "service.name", "my.service"));
const scope = (w: ProtoWriter) =>
  w.message(1, (s) => {
    s.string(1, "my.library").string(2, "1.0.0");
    kv.str(s, 3, "my.scope.attribute", "some scope attribute");
  });

/** opentelemetry-proto's examples/trace.json, as protobuf, with a span of every part added. */
function specTraces(span: (s: ProtoWriter) => unknown = () => {}): Uint8Array {
  return new ProtoWriter()
    .message(1, (rs) => {
      resource(rs);
      rs.message(2, (ss) => {
        scope(ss);
        ss.message(2, (s) => {
          s.hex(1, TRACE).hex(2, SPAN).hex(4, "eee19b7ec3c1b173").string(5, "I'm a server span");
          s.uint(6, 2)
            .fixed64(7, T)
            .fixed64(8, T + 1_000_000_000n);
          kv.str(s, 9, "my.span.attr", "some value");
          span(s);
        });
        ss.message(2, (s) => {
          s.hex(1, TRACE).hex(2, "eee19b7ec3c1b175").string(3, "vendor=x").string(5, "client ünïcode 🚀");
          s.uint(6, 3)
            .fixed64(7, T + 5n)
            .fixed64(8, T + 2n); // ends before it starts: Duration 0
          s.message(9, (a) => a.string(1, "ratio").message(2, (v) => v.double(4, 0.25)));
          s.message(9, (a) => a.string(1, "ok").message(2, (v) => v.uint(2, 1)));
          s.message(9, (a) => a.string(1, "big").message(2, (v) => v.uint(3, -7n)));
          s.message(9, (a) => a.string(1, "raw").message(2, (v) => v.bytesField(7, [1, 2, 255])));
          s.message(9, (a) =>
            a.string(1, "list").message(2, (v) => v.message(5, (l) => l.message(1, (x) => x.string(1, "a")))),
          );
          s.message(9, (a) =>
            a.string(1, "map").message(2, (v) => v.message(6, (m) => kv.str(m, 1, "some.map.key", "some value"))),
          );
          s.message(9, (a) => a.string(1, "empty"));
          s.message(9, (a) => a.message(2, (v) => v.string(1, "no key")));
          s.message(9, (a) => a.message(2, (v) => v.string(1, "value first")).string(1, "late.key"));
          s.message(11, (e) => {
            e.fixed64(1, T + 10n).string(2, "exception");
            kv.str(e, 3, "exception.message", "boom");
          });
          s.message(11, (e) => e.fixed64(1, T + 11n));
          s.message(13, (l) => {
            l.hex(1, TRACE).hex(2, SPAN).string(3, "k=v");
            kv.int(l, 4, "link.n", 3);
          });
          s.message(15, (st) => st.string(2, "upstream failed").uint(3, 2));
        });
      });
    })
    .message(1, (rs) => rs.message(2, (ss) => ss.message(2, (s) => s.hex(1, TRACE).hex(2, SPAN).fixed64(7, T))))
    .finish();
}

/** opentelemetry-proto's examples/logs.json, as protobuf, with a record of every part added. */
function specLogs(record: (l: ProtoWriter) => unknown = () => {}): Uint8Array {
  return new ProtoWriter()
    .message(1, (rl) => {
      resource(rl);
      rl.string(3, "https://opentelemetry.io/schemas/1.21.0");
      rl.message(2, (sl) => {
        scope(sl);
        sl.string(3, "https://opentelemetry.io/schemas/1.20.0");
        sl.message(2, (l) => {
          l.fixed64(1, T + 300_000_000n)
            .fixed64(11, T + 300_000_000n)
            .uint(2, 10)
            .string(3, "Information");
          l.hex(9, TRACE)
            .hex(10, SPAN)
            .message(5, (b) => b.string(1, "Example log record"));
          kv.str(l, 6, "string.attribute", "some string");
          l.message(6, (a) => a.string(1, "boolean.attribute").message(2, (v) => v.uint(2, 1)));
          kv.int(l, 6, "int.attribute", 10);
          l.message(6, (a) => a.string(1, "double.attribute").message(2, (v) => v.double(4, 637.704)));
          record(l);
        });
        sl.message(2, (l) => {
          l.fixed64(11, T + 7n)
            .fixed32(8, 0x101)
            .uint(2, 300)
            .string(12, "session.start");
          l.message(5, (b) => b.message(6, (m) => kv.int(m, 1, "count", 3)));
        });
        sl.message(2, (l) => l.fixed64(1, T).hex(9, "00000000000000000000000000000000"));
      });
    })
    .finish();
}

describe("direct Native encoding", () => {
  it("encodes the spec's trace example as the row path does", () => {
    expectSameSpans(specTraces());
  });

  it("encodes the spec's logs example as the row path does", () => {
    expectSameLogs(specLogs());
  });

  it("encodes the JS SDK exporters' requests as the row path does", async () => {
    expectSameSpans(ProtobufTraceSerializer.serializeRequest(await makeSpans()) as Uint8Array);
    expectSameLogs(ProtobufLogsSerializer.serializeRequest(await makeLogs()) as Uint8Array);
  });

  it("hands back requests it cannot store exactly as the row path would", () => {
    const spans = (extra: (s: ProtoWriter) => unknown) => encodeSpansFromOtlp(specTraces(extra), ALL_TIME);
    // A repeated key (the row's object keeps its first place and last value), an integer-like key (sorted first).
    expect(spans((s) => kv.str(s, 9, "my.span.attr", "again"))).toBeUndefined();
    expect(spans((s) => kv.str(s, 9, "42", "x"))).toBeUndefined();
    // Invalid UTF-8, replaced and reported by the row path.
    expect(
      spans((s) => s.message(9, (a) => a.string(1, "k").message(2, (v) => v.bytesField(1, [0xc3])))),
    ).toBeUndefined();
    // A link whose IDs refuse the span.
    expect(spans((s) => s.message(13, (l) => l.hex(1, TRACE)))).toBeUndefined();
    // Malformed: the row path names the problem.
    expect(encodeSpansFromOtlp(Uint8Array.from([10, 5, 1]), ALL_TIME)).toBeUndefined();
    expect(
      encodeLogsFromOtlp(
        specLogs((l) => l.hex(10, "0011")),
        ALL_TIME,
      ),
    ).toBeUndefined();
    expect(encodeLogsFromOtlp(new Uint8Array(0), ALL_TIME)).toBeUndefined();
  });

  it("hands back requests with a time outside the window", () => {
    const window = (minNs: bigint, cutoffNs: bigint, maxNs: bigint) => ({ minNs, cutoffNs, maxNs });
    const last = T + 1_000_000_000n;
    expect(encodeSpansFromOtlp(specTraces(), window(T, 0n, last))).toBeDefined();
    // The first span's end, the last span's start, an event's time.
    expect(encodeSpansFromOtlp(specTraces(), window(T, 0n, last - 1n))).toBeUndefined();
    expect(encodeSpansFromOtlp(specTraces(), window(0n, T + 1n, last))).toBeUndefined();
    expect(encodeSpansFromOtlp(specTraces(), window(T + 11n, 0n, last))).toBeUndefined();
    expect(encodeLogsFromOtlp(specLogs(), window(T, T, T + 300_000_000n))).toBeDefined();
    expect(encodeLogsFromOtlp(specLogs(), window(T, T + 1n, T + 300_000_000n))).toBeUndefined();
  });
});
