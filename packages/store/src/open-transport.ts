// Picks the transport from configuration: a ClickHouse server when a URL is given, otherwise
// embedded chDB under <dataDir>/clickhouse.
import { join } from "node:path";
import { openChdbTransport } from "./chdb-transport.ts";
import { openHttpTransport } from "./http-transport.ts";
import type { ClickHouseTransport } from "./transport.ts";

export interface OpenTransportOptions {
  /** CLICKHOUSE_URL; unset or empty means embedded chDB. */
  clickhouseUrl?: string | undefined;
  /** TRACELIGHT_DATA_DIR. */
  dataDir: string;
  /** chDB only: sessions used for inserts (see openChdbTransport). */
  chdbInsertSessions?: number;
}

export function openTransport(options: OpenTransportOptions): ClickHouseTransport {
  if (options.clickhouseUrl) return openHttpTransport(options.clickhouseUrl);
  return openChdbTransport(join(options.dataDir, "clickhouse"), {
    insertSessions: options.chdbInsertSessions ?? 1,
  });
}
