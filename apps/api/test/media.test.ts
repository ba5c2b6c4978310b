// Content-Type / Content-Encoding handling of OTLP/HTTP, including the decompressed-size cap
// that stops gzip bombs.
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { IngestError } from "../src/ingest/errors.ts";
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
});
