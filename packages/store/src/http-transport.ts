// ClickHouse over HTTP with @clickhouse/client, for when CLICKHOUSE_URL points at a server.
// Same contract as the chDB transport: JSONEachRow rows with 64-bit integers as JSON numbers,
// values bound server-side as query parameters, inserts as Native-format request bodies.
import { Readable } from "node:stream";
import { createClient } from "@clickhouse/client";
import type { BoundQuery } from "./sql.ts";
import {
  type ClickHouseTransport,
  type InsertFormat,
  QUERY_TIME_LIMIT_S,
  type QueryOptions,
  queryOptions,
} from "./transport.ts";

export interface HttpTransportOptions {
  /** Overrides the database of the URL (default: the URL's path, else "default"). */
  database?: string;
  requestTimeoutMs?: number;
}

export function openHttpTransport(url: string, options: HttpTransportOptions = {}): ClickHouseTransport {
  const client = createClient({
    url,
    ...(options.database ? { database: options.database } : {}),
    request_timeout: options.requestTimeoutMs ?? 60_000,
    clickhouse_settings: {
      // chDB prints 64-bit integers as numbers; a server quotes them unless told otherwise.
      output_format_json_quote_64bit_integers: 0,
    },
  });
  const safeUrl = new URL(url);
  safeUrl.username = "";
  safeUrl.password = "";

  return {
    description: safeUrl.toString().replace(/\/$/, ""),

    async query<Row>(q: BoundQuery, options?: QueryOptions): Promise<Row[]> {
      const { class: queryClass, signal } = queryOptions(options);
      const result = await client.query({
        query: q.text,
        query_params: { ...q.params },
        format: "JSONEachRow",
        clickhouse_settings: {
          max_execution_time: QUERY_TIME_LIMIT_S[queryClass],
          // The server stops a read whose HTTP request went away (the abort below).
          cancel_http_readonly_queries_on_client_close: 1,
        },
        ...(signal ? { abort_signal: signal } : {}),
      });
      return result.json<Row>();
    },

    async command(q: BoundQuery): Promise<void> {
      await client.command({ query: q.text, query_params: { ...q.params } });
    },

    async insert(table: string, columns: readonly string[], format: InsertFormat, data: Uint8Array): Promise<void> {
      const columnList = columns.map((c) => `\`${c}\``).join(", ");
      const result = await client.exec({
        query: `INSERT INTO ${table} (${columnList}) FORMAT ${format}`,
        // Answer only once the rows (and their materialized views) are written: that answer
        // is what an OTLP 200 acknowledges.
        clickhouse_settings: { wait_end_of_query: 1 },
        // One chunk: Readable.from(bytes) would iterate a Uint8Array byte by byte.
        values: Readable.from([Buffer.from(data.buffer, data.byteOffset, data.byteLength)]),
      });
      // The response body is empty for an INSERT; drain it so the socket returns to the pool.
      result.stream.resume();
      await new Promise<void>((resolve, reject) => {
        result.stream.once("end", resolve).once("error", reject);
      });
    },

    async close(): Promise<void> {
      await client.close();
    },
  };
}
