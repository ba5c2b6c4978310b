// The OTLP/HTTP body as the decoder needs it: which encoding the Content-Type names, and the
// bytes after Content-Encoding, both bounded by the body limit (gzip bombs stop at the cap).
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { IngestError } from "../ingest/errors.ts";
import type { Encoding } from "../ingest/signals.ts";

const gunzipAsync = promisify(gunzip);

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

/** The request body after Content-Encoding, never larger than `maxBytes`. */
export async function decodeContent(body: Buffer, coding: ContentCoding, maxBytes: number): Promise<Buffer> {
  if (coding === "identity") return body;
  try {
    return await gunzipAsync(body, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") {
      throw new IngestError(
        "too_large",
        `request body too large: decompresses to more than ${maxBytes} bytes (TRACELIGHT_MAX_BODY_BYTES)`,
      );
    }
    throw new IngestError("invalid", `invalid gzip body: ${(error as Error).message}`, undefined, { cause: error });
  }
}
