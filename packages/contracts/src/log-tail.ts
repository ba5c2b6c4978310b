// GET /api/v1/logs/tail — live tail as Server-Sent Events. Log records reach the stream from
// the ingest pipeline once they are stored; nothing re-queries ClickHouse.
//   event: logs     data: LogTailBatch (oldest first, newest last, at most 500)
//   event: dropped  data: LogTailDropped (records skipped because the client fell behind)
//   ": ..." comment lines are heartbeats.
import { z } from "zod";
import { type LogRecord, logFilterShape } from "./logs.ts";

/** The filters of /logs without range and limit (a tail has neither). */
export const LogTailQuerySchema = z.object(logFilterShape);
export type LogTailQuery = z.output<typeof LogTailQuerySchema>;

export interface LogTailBatch {
  /** Oldest first (newest last). */
  logs: LogRecord[];
}

export interface LogTailDropped {
  /** Records that matched but were not sent since the last event. */
  count: number;
}
