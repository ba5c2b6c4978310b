// The api started on a store the Collector's ClickHouse exporter created and filled first (one
// of its layout generations, rows from now back to ten days old), for the tests of what
// Tracelight does with a database it did not create.
import { join } from "node:path";
import { openChdbTransport } from "@tracelight/store";
import { createExporterTables, type ExporterLayout, insertExporterRows } from "@tracelight/store/testing";
import { expect } from "vitest";
import { callJson } from "./json-api.ts";
import { freshDataDir, startTestService, type TestService } from "./service.ts";

export interface ExporterStoreService {
  service: TestService;
  /** A GET that must answer 200; its body. */
  get: <T>(path: string) => Promise<T>;
}

export async function startOnExporterStore(layout: ExporterLayout, now: number): Promise<ExporterStoreService> {
  const dataDir = await freshDataDir();
  const store = openChdbTransport(join(dataDir, "clickhouse"));
  await createExporterTables(store, layout);
  await insertExporterRows(store, now);
  await store.close();
  // The rows' hour may have ended minutes ago: fill it now rather than after it settles.
  const service = await startTestService({}, { dataDir, roles: "ingest,query", backfillSettleMs: 0 });
  return {
    service,
    get: async <T>(path: string) => {
      const answer = await callJson<T>(service.api, "GET", path);
      expect(answer.status, path).toBe(200);
      return answer.body;
    },
  };
}
