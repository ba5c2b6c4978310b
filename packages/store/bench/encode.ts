// Encoder speed: µs per row for spans and logs straight to Native blocks (no I/O).
// Usage: node --import tsx bench/encode.ts [rows=200000]
import { encodeLogs, encodeSpans } from "../src/native/index.ts";
import { makeLogs, makeSpans } from "./fixtures.ts";

const N = Number(process.argv[2] ?? 200_000);
const BATCH = 10_000;
for (const [label, rows, encode] of [
  ["spans", makeSpans(N), encodeSpans],
  ["logs", makeLogs(N), encodeLogs],
] as const) {
  for (let round = 0; round < 3; round++) {
    let bytes = 0;
    const start = performance.now();
    for (let i = 0; i < N; i += BATCH)
      bytes += (encode as (r: typeof rows) => { bytes: Uint8Array })(rows.slice(i, i + BATCH) as typeof rows).bytes
        .length;
    const ms = performance.now() - start;
    console.log(
      `${label}: ${((ms * 1000) / N).toFixed(2)} µs/row, ${Math.round(N / (ms / 1000)).toLocaleString()} rows/s, ${(bytes / N).toFixed(0)} B/row (round ${round + 1})`,
    );
  }
}
