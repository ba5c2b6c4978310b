// The OTLP/HTTP body as the decoder needs it: which encoding the Content-Type names, and the
// bytes as they arrive and after Content-Encoding, counted as they grow and bounded by the body
// limit (gzip bombs stop at the cap).
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { IngestError } from "../ingest/errors.ts";
import type { Encoding } from "../ingest/signals.ts";

const MEDIA_TYPES: Readonly<Record<string, Encoding>> = {
  "application/x-protobuf": "protobuf",
  "application/json": "json",
};

/** The encoding a Content-Type header names; throws IngestError("unsupported_media") otherwise. */
export function encodingOf(contentType: string | undefined): Encoding {
  const mediaType = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  const encoding = MEDIA_TYPES[mediaType];
  if (encoding) return encoding;
  const named = mediaType === "" ? "a missing Content-Type" : `Content-Type "${mediaType}"`;
  throw new IngestError(
    "unsupported_media",
    `unsupported media type: ${named}; OTLP/HTTP accepts application/x-protobuf or application/json`,
  );
}

export type ContentCoding = "gzip" | "identity";

/** The Content-Encoding of a request; throws IngestError("unsupported_media") for others. */
export function contentCodingOf(header: string | undefined): ContentCoding {
  const coding = (header ?? "").trim().toLowerCase();
  if (coding === "" || coding === "identity") return "identity";
  if (coding === "gzip" || coding === "x-gzip") return "gzip";
  throw new IngestError(
    "unsupported_media",
    `unsupported Content-Encoding "${coding}"; OTLP/HTTP accepts gzip or identity`,
  );
}

const tooLarge = (what: string, maxBytes: number) =>
  new IngestError(
    "too_large",
    `request body too large: ${what}more than ${maxBytes} bytes (TRACELIGHT_MAX_BODY_BYTES)`,
  );

/**
 * Reads a request body as it arrives, never more than `maxBytes`; `hold` is told the bytes
 * received so far after every chunk and throws to stop reading (e.g. no room in the budget).
 * On a refusal the rest is read and dropped rather than the stream destroyed, so the client
 * gets the refusal instead of a reset connection.
 */
export function readBody(stream: Readable, maxBytes: number, hold: (bytes: number) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      try {
        if (received > maxBytes) throw tooLarge("", maxBytes);
        hold(received);
      } catch (error) {
        stop();
        stream.resume();
        reject(error);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, received));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    const stop = () => {
      stream.off("data", onData);
      stream.off("end", onEnd);
      stream.off("error", onError);
    };
    stream.on("data", onData);
    stream.on("end", onEnd);
    stream.on("error", onError);
  });
}

/**
 * The request body after Content-Encoding, never larger than `maxBytes`. Inflates step by
 * step, telling `hold` the bytes held (compressed and inflated so far) as they grow, so a
 * small body that inflates to many megabytes is counted before it is all in memory.
 */
export async function decodeContent(
  body: Buffer,
  coding: ContentCoding,
  maxBytes: number,
  hold: (bytes: number) => void = () => {},
): Promise<Buffer> {
  if (coding === "identity") return body;
  const chunks: Buffer[] = [];
  let inflated = 0;
  const gunzip = createGunzip({ chunkSize: 64 * 1024 });
  try {
    await new Promise<void>((resolve, reject) => {
      gunzip.on("data", (chunk: Buffer) => {
        inflated += chunk.length;
        try {
          if (inflated > maxBytes) throw tooLarge("decompresses to ", maxBytes);
          hold(body.length + inflated);
        } catch (error) {
          gunzip.destroy(error as Error);
          return;
        }
        chunks.push(chunk);
      });
      gunzip.on("end", resolve);
      gunzip.on("error", reject);
      gunzip.end(body);
    });
  } catch (error) {
    if (error instanceof IngestError) throw error;
    throw new IngestError("invalid", `invalid gzip body: ${(error as Error).message}`, undefined, { cause: error });
  }
  return Buffer.concat(chunks, inflated);
}
