// Batch latency: every group-commit write timed, stored or failed alike.
import type { BlockWriter } from "../ingest/signals.ts";
import type { SelfMetrics } from "./self-metrics.ts";

export function timeWrites(writer: BlockWriter, metrics: SelfMetrics): BlockWriter {
  return {
    async insertEncoded(blocks) {
      const start = performance.now();
      try {
        await writer.insertEncoded(blocks);
      } finally {
        metrics.recordBatch((performance.now() - start) / 1000);
      }
    },
  };
}
