// The one error a decoder throws: the request as a whole cannot be read. The message names the
// problem and is meant to be sent back to the client in a 400 response.

export type OtlpEncoding = "protobuf" | "json";

export class OtlpDecodeError extends Error {
  override name = "OtlpDecodeError";
}
