// The ID rules shared by the protobuf and JSON decoders, so both refuse the same items with the
// same words. A refused item is counted in `rejected`; the rest of the request is kept.

/**
 * Why an ID is unacceptable, or undefined when it is fine.
 * Required IDs (a span's own trace_id/span_id, a link's) must have the exact size and not be all
 * zeros. Optional IDs (parent_span_id, log and exemplar IDs) may also be empty or all zeros, both
 * meaning "absent" (stored as ""), as the Collector's ClickHouse exporter does.
 */
export function idProblem(
  field: string,
  byteLength: number,
  zero: boolean,
  size: 8 | 16,
  required: boolean,
): string | undefined {
  if (required) {
    if (byteLength !== size) return `invalid ${field} (must be ${size} bytes, got ${byteLength})`;
    if (zero) return `invalid ${field} (all zeros)`;
    return undefined;
  }
  if (byteLength !== 0 && byteLength !== size) {
    return `invalid ${field} (must be ${size} bytes or empty, got ${byteLength})`;
  }
  return undefined;
}

/** The JSON decoder's reason for an ID that is not hex at all. */
export function notHexProblem(field: string, text: string): string {
  const shown = text.length > 40 ? `${text.slice(0, 40)}...` : text;
  return `invalid ${field} (not a hex string: ${JSON.stringify(shown)})`;
}
