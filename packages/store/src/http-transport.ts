// ClickHouse over HTTP with @clickhouse/client, for when CLICKHOUSE_URL points at a server.
// Same contract as the chDB transport: rows through json-rows.ts (64-bit integers exact), the
// same per-class max_execution_time and priority, values bound server-side as query
// parameters, inserts as Native-format request bodies. The URL may carry what the client reads
// from it (user:password@, /database, ?compression_request=1&compression_response=1) and
// ?auth=headers (see HttpTransportOptions.auth).
import { Readable } from "node:stream";
import { ClickHouseError, ClickHouseLogLevel, createClient } from "@clickhouse/client";
import { JSON_OUTPUT_SETTINGS, ROWS_FORMAT, rowsFromCompact } from "./json-rows.ts";
import type { BoundQuery } from "./sql.ts";
import {
  type ClickHouseTransport,
  type InsertFormat,
  QUERY_NICE,
  QUERY_PRIORITY,
  QUERY_TIME_LIMIT_S,
  type QueryOptions,
  queryOptions,
} from "./transport.ts";

export interface HttpTransportOptions {
  /** Overrides the database of the URL (default: the URL's path, else "default"). */
  database?: string;
  requestTimeoutMs?: number;
  /**
   * How the URL's user:password is sent. "basic" (default): an Authorization header.
   * "headers" (or ?auth=headers): X-ClickHouse-User / X-ClickHouse-Key, for proxies that route
   * or authenticate on them; a server refuses both at once.
   */
  auth?: "basic" | "headers";
  /** gzip request bodies (inserts) and ask for gzip responses; the URL's flags otherwise, else off. */
  compression?: { request?: boolean; response?: boolean };
}

export function openHttpTransport(url: string, options: HttpTransportOptions = {}): ClickHouseTransport {
  const parsed = new URL(url);
  const username = decodeURIComponent(parsed.username) || "default";
  const password = decodeURIComponent(parsed.password);
  // Credentials go to the client as options, sent as `auth` says; the URL keeps none.
  const bare = new URL(url);
  bare.username = "";
  bare.password = "";
  const byHeaders = (options.auth ?? bare.searchParams.get("auth")) === "headers";
  bare.searchParams.delete("auth");
  const client = createClient({
    url: bare,
    ...(options.database ? { database: options.database } : {}),
    request_timeout: options.requestTimeoutMs ?? 60_000,
    ...(byHeaders
      ? {
          set_basic_auth_header: false,
          http_headers: { "X-ClickHouse-User": username, "X-ClickHouse-Key": password },
        }
      : { username, password }),
    ...(options.compression ? { compression: options.compression } : {}),
    clickhouse_settings: JSON_OUTPUT_SETTINGS,
    // Every failure reaches the caller as a rejection; the client's own console lines would
    // repeat each one (a reader who left included) outside the service's log format.
    log: { level: ClickHouseLogLevel.OFF },
  });

  return {
    // Origin and database only: the URL's credentials and query string may hold secrets.
    description: `${parsed.origin}${parsed.pathname}`.replace(/\/$/, ""),

    async query<Row>(q: BoundQuery, options?: QueryOptions): Promise<Row[]> {
      const { class: queryClass, signal } = queryOptions(options);
      signal?.throwIfAborted();
      return withServerCode(async () => {
        const result = await client.query({
          query: q.text,
          query_params: { ...q.params },
          format: ROWS_FORMAT,
          clickhouse_settings: {
            max_execution_time: QUERY_TIME_LIMIT_S[queryClass],
            priority: String(QUERY_PRIORITY[queryClass]),
            os_thread_priority: String(QUERY_NICE[queryClass]),
            // The client's abort closes the connection; this makes the server stop the read
            // then, as the chDB transport's KILL QUERY does.
            cancel_http_readonly_queries_on_client_close: 1,
          },
          ...(signal ? { abort_signal: signal } : {}),
        });
        return rowsFromCompact<Row>(await result.json<unknown[]>());
      }, signal);
    },

    async command(q: BoundQuery): Promise<void> {
      await withServerCode(() => client.command({ query: q.text, query_params: { ...q.params } }));
    },

    async insert(table: string, columns: readonly string[], format: InsertFormat, data: Uint8Array): Promise<void> {
      const columnList = columns.map((c) => `\`${c}\``).join(", ");
      await withServerCode(async () => {
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
      });
    },

    async close(): Promise<void> {
      await client.close();
    },
  };
}

/**
 * A server exception rejects with the client's ClickHouseError (`code` "60", `type`
 * "UNKNOWN_TABLE", the server's message); it also gets `clickhouseCode` (60), the property
 * chDB's errors carry, so callers read one name on either transport.
 */
async function withServerCode<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  try {
    return await work();
  } catch (err) {
    // The caller's reason, as the chDB transport rejects, not the client's "user aborted".
    if (signal?.aborted) throw signal.reason;
    if (err instanceof ClickHouseError) Object.assign(err, { clickhouseCode: Number(err.code) });
    throw err;
  }
}
