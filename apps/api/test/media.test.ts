// Content-Type / Content-Encoding handling of OTLP/HTTP, including the decompressed-size cap
// that stops gzip bombs.
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { IngestError } from "../src/ingest/errors.ts";
import { contentCodingOf, decodeContent, encodingOf } from "../src/otlp-http/media.ts";

describe("encodingOf", () => {
  it("maps the two OTLP media types, ignoring parameters and case", () => {
    expect(encodingOf("application/x-protobuf")).toBe("protobuf");
    expect(encodingOf("Application/JSON; charset=utf-8")).toBe("json");
  });
  it("refuses others, naming the type", () => {
    expect(() => encodingOf("text/plain")).toThrow(/unsupported media type: Content-Type "text\/plain"/);
    expect(() => encodingOf(undefined)).toThrow(/missing Content-Type/);
    try {
      encodingOf("application/xml");
    } catch (error) {
      expect((error as IngestError).kind).toBe("unsupported_media");
    }
  });
});

describe("contentCodingOf", () => {
  it("accepts gzip and identity", () => {
    expect(contentCodingOf(undefined)).toBe("identity");
    expect(contentCodingOf("identity")).toBe("identity");
    expect(contentCodingOf("GZIP")).toBe("gzip");
  });
  it("refuses other codings", () => {
    expect(() => contentCodingOf("br")).toThrow(/unsupported Content-Encoding "br"/);
  });
});

describe("decodeContent", () => {
  it("gunzips", async () => {
    const body = Buffer.from("hello ".repeat(100));
    expect(await decodeContent(gzipSync(body), "gzip", 1000)).toEqual(body);
  });
  it("stops a gzip bomb at the cap (too_large)", async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024)); // ~64 KiB that inflates to 64 MiB
    expect(bomb.length).toBeLessThan(100_000);
    const attempt = decodeContent(bomb, "gzip", 1024 * 1024);
    await expect(attempt).rejects.toThrow(/decompresses to more than 1048576 bytes/);
    await expect(attempt).rejects.toMatchObject({ kind: "too_large" });
  });
  it("reports corrupt gzip as invalid", async () => {
    await expect(decodeContent(Buffer.from("not gzip at all"), "gzip", 1000)).rejects.toMatchObject({
      kind: "invalid",
      message: expect.stringMatching(/^invalid gzip body/),
    });
  });
  it("tells hold the bytes held as they inflate, and stops when hold refuses", async () => {
    const body = gzipSync(Buffer.alloc(4 * 1024 * 1024));
    const held: number[] = [];
    await decodeContent(body, "gzip", 8 * 1024 * 1024, (bytes) => held.push(bytes));
    expect(held.length).toBeGreaterThan(10);
    expect(held.at(-1)).toBe(body.length + 4 * 1024 * 1024);
    const refusal = new IngestError("overloaded", "no room");
    const hold = (bytes: number) => {
      if (bytes > 1024 * 1024) throw refusal;
    };
    await expect(decodeContent(body, "gzip", 8 * 1024 * 1024, hold)).rejects.toBe(refusal);
  });
});
