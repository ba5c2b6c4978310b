// The backfill command's progress on stderr: one line redrawn in a terminal, one line per
// tenth of the way otherwise (CI logs), as bench/lib/stats.ts's bar does for the benchmarks
// (which the api cannot import).
import type { BackfillProgress } from "@tracelight/store";

let lastTenth = -1;

export function drawProgress({ chunksDone, chunks, rowsDone, rows, chunk }: BackfillProgress): void {
  const width = 30;
  const filled = Math.round((chunksDone / chunks) * width);
  const line = `backfill [${"#".repeat(filled)}${".".repeat(width - filled)}] ${chunksDone}/${chunks} hours, ${rowsDone.toLocaleString("en-US")}/${rows.toLocaleString("en-US")} rows (${chunk.target} ${new Date(chunk.startMs).toISOString()})`;
  if (process.stderr.isTTY) {
    process.stderr.write(`\r${line}\x1b[K${chunksDone === chunks ? "\n" : ""}`);
    return;
  }
  const tenth = Math.floor((chunksDone / chunks) * 10);
  if (tenth > lastTenth) {
    lastTenth = tenth;
    process.stderr.write(`${line}\n`);
  }
}
