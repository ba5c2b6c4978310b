// Integers above 2^53 in OTLP/JSON, with every digit. int64 fields (times, counts, bucket
// counts, intValue) should be decimal strings, but protobuf's JSON mapping accepts numbers too,
// and JSON.parse rounds a number above 2^53 to the nearest double. Bodies are read with plain
// JSON.parse; an int64 field that meets such a rounded number throws InexactInteger, and the
// decode starts over on the text with its long integer literals quoted, so the field readers
// get the decimal strings they already take. Bodies without them pay nothing.

/** An int64 field held a JSON number beyond 2^53, already rounded: decode again exactly. */
export class InexactInteger extends Error {
  override name = "InexactInteger";
}

/**
 * Strings (matched whole, so their content is skipped) and integer literals of 16+ digits
 * (group 1), not a fraction's or an exponent's digits nor followed by them. 15 digits always
 * fit a double exactly.
 */
const TOKENS = /"[^"\\]*(?:\\.[^"\\]*)*"|(?<![\d.eE+-])(-?\d{16,})(?![\d.eE])/g;

/** JSON.parse, or with `exact` integer literals of 16+ digits read as decimal strings. */
export function parseJson(text: string, exact: boolean): unknown {
  return JSON.parse(exact ? quoteLongIntegers(text) : text);
}

/** The text with every integer literal of 16+ digits turned into a JSON string. */
export function quoteLongIntegers(text: string): string {
  let out = "";
  let copied = 0;
  const tokens = new RegExp(TOKENS);
  for (let m = tokens.exec(text); m !== null; m = tokens.exec(text)) {
    const integer = m[1];
    if (integer === undefined) continue;
    out += `${text.slice(copied, m.index)}"${integer}"`;
    copied = m.index + integer.length;
  }
  return copied === 0 ? text : out + text.slice(copied);
}
