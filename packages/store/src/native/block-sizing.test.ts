// Each Native block is sized from its own rows, and one value is never stored longer than
// MAX_VALUE_BYTES, whatever came before it.
import { describe, expect, it } from "vitest";
import { log, span } from "../../test/support/rows.ts";
import { MAX_VALUE_BYTES } from "./byte-writer.ts";
import { encodeLogs } from "./logs.ts";
import { encodeSpans } from "./spans.ts";

const HUGE = "v".repeat(15 * 1024 * 1024);

describe("block sizing", () => {
  it("a block after one with a 15 MiB value encodes 1,000 rows", () => {
    encodeSpans([span({ SpanAttributes: { huge: HUGE } })]);
    encodeLogs([log({ Body: HUGE })]);
    const spans = encodeSpans(Array.from({ length: 1_000 }, () => span()));
    const logs = encodeLogs(Array.from({ length: 1_000 }, () => log()));
    expect([spans.rowCount, logs.rowCount]).toEqual([1_000, 1_000]);
    // Sized from their own rows, not from the huge one's bytes per row.
    expect(spans.bytes.buffer.byteLength).toBeLessThan(4 * 1024 * 1024);
    expect(logs.bytes.buffer.byteLength).toBeLessThan(4 * 1024 * 1024);
    expect(spans.truncatedValues).toBeUndefined();
  });

  it("a value over MAX_VALUE_BYTES is cut at a character boundary and counted", () => {
    const one = encodeLogs([log({ Body: "" })]);
    // 4-byte characters, so the cut falls inside one unless write() stops before it.
    const block = encodeLogs([log({ Body: "🚀".repeat(MAX_VALUE_BYTES) })]);
    expect(block.truncatedValues).toBe(1);
    // The empty body took a 1-byte length; the cut one a 3-byte length and its bytes.
    const written = block.bytes.byteLength - one.bytes.byteLength - 2;
    expect(written).toBeGreaterThan(MAX_VALUE_BYTES - 4);
    expect(written).toBeLessThanOrEqual(MAX_VALUE_BYTES);
    expect(written % 4).toBe(0);
  });

  it("values up to the cap are kept whole", () => {
    const block = encodeLogs([log({ Body: "é".repeat(MAX_VALUE_BYTES / 2) })]);
    expect(block.truncatedValues).toBeUndefined();
  });
});
