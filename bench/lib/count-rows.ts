// Rows actually stored, to check every bulk path against what it claims to have written.
import { type ClickHouseTransport, sql } from "@tracelight/store";

export async function countRows(transport: ClickHouseTransport): Promise<string> {
  const [row] = await transport.query<{ spans: number; traces: number; logs: number }>(
    sql`SELECT (SELECT count() FROM otel_traces) AS spans, (SELECT uniq(TraceId) FROM otel_traces) AS traces,
      (SELECT count() FROM otel_logs) AS logs`,
  );
  const n = (x: number | undefined) => (x ?? 0).toLocaleString("en-US");
  return `${n(row?.spans)} spans in ~${n(row?.traces)} traces, ${n(row?.logs)} logs`;
}
