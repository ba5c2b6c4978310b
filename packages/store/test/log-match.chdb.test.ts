// Live tail matches logs in JS; the search matches them in SQL. Both run here on the same rows
// and filters: the JS matcher must pick exactly the rows ClickHouse picks, and a picked row
// converted in JS must equal the record the search reads back.
import { type LogFilters, LogsQuerySchema } from "@tracelight/contracts";
import type { LogRow } from "@tracelight/otlp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openChdbTransport } from "../src/chdb-transport.ts";
import { migrate } from "../src/migrate.ts";
import { compileLogFilters } from "../src/queries/log-match.ts";
import { logRowToRecord } from "../src/queries/log-record.ts";
import { searchLogs } from "../src/queries/logs.ts";
import type { ClickHouseTransport } from "../src/transport.ts";
import { TelemetryWriter } from "../src/writer.ts";
import { freshDir, TTL } from "./support/chdb-dir.ts";
import { log, NASTY, T0 } from "./support/rows.ts";

const dir = freshDir("log-match");
let t: ClickHouseTransport;

const TRACE = "0af7651916cd43dd8448eb211c80319c";
const rows: LogRow[] = [
  log({ Body: "Payment failed: card DECLINED", SeverityNumber: 17, ServiceName: "payment" }),
  log({ Body: "user_id=42 logged in", SeverityNumber: 9, ServiceName: "auth", TraceId: "", SpanId: "" }),
  log({ Body: "Übergröße café ÜBERGRÖSSE", SeverityNumber: 13, LogAttributes: { "k.1": "v" } }),
  log({ Body: NASTY, SeverityNumber: 0, SeverityText: "", ResourceAttributes: { region: "eu", "service.name": "x" } }),
  log({ Body: "it's DOWN again", SeverityNumber: 24, SpanId: "00f067aa0ba902b7" }),
  log({ Body: "timeout connecting to db", SeverityNumber: 5, LogAttributes: { region: "us", constructor: "c" } }),
  log({ Body: "", SeverityNumber: 1, ServiceName: "auth", ResourceAttributes: {} }),
  log({ Body: "card-declined for card 4242", SeverityNumber: 21, LogAttributes: { region: "eu" } }),
].map((r, i) => ({ ...r, Timestamp: T0 + BigInt(i) * 1_000_000n }));

beforeAll(async () => {
  t = openChdbTransport(dir.path);
  await migrate(t, { ttlDays: TTL });
  await new TelemetryWriter(t).insertLogs(rows);
});
afterAll(async () => {
  await t?.close();
  dir.remove();
});

const FILTERS: Record<string, string | string[]>[] = [
  {},
  { q: "card" },
  { q: "CARD declined" },
  { q: "declined:card" },
  { q: "decline" },
  { q: "übergröße" },
  { q: "Übergröße" },
  { q: "user_id" },
  { q: "it's" },
  { q: "line2" },
  { q: "🚀" },
  { severity: "WARN" },
  { severity: "fatal" },
  { severity: "trace" },
  { service: "auth" },
  { traceId: TRACE },
  { spanId: "00f067aa0ba902b7" },
  { attr: "region=eu" },
  { attr: "region!=eu" },
  { attr: "region=" },
  { attr: "constructor=c" },
  { attr: "constructor=" },
  { attr: ["service.name=auth", "k.1!=v"] },
  { attr: "service.name=x" },
  { q: "card", severity: "FATAL", attr: "region=eu" },
  // The search language.
  { q: "severity>=warn card" },
  { q: "level:error" },
  { q: "severity<info OR region:eu" },
  { q: "-service:auth" },
  { q: "region:e*" },
  { q: "code.lineno>=42" },
  { q: "code.lineno<42" },
  { q: '"card declined"' },
  { q: '"declined card"' },
  { q: "(service:payment OR service:auth) NOT card" },
  { q: TRACE },
  { q: `-${TRACE}` },
  { q: "service.name:x" },
  { q: "span_id:00f067aa0ba902b7" },
];

describe("compileLogFilters agrees with the search's SQL", () => {
  const range = { from: String(Number(T0 / 1_000_000n) - 60_000), to: String(Number(T0 / 1_000_000n) + 60_000) };

  it.each(FILTERS.map((f) => [JSON.stringify(f), f] as const))("%s", async (_name, input) => {
    const q = LogsQuerySchema.parse({ ...range, ...input, limit: "1000" });
    const found = await searchLogs(t, q);
    const filters: LogFilters = q;
    const matcher = compileLogFilters(filters);
    const picked = rows.filter((r) => matcher.matches(r)).map(logRowToRecord);
    const byTime = (a: { timestampUnixNano: string }, b: { timestampUnixNano: string }) =>
      a.timestampUnixNano.localeCompare(b.timestampUnixNano);
    expect(picked.sort(byTime)).toEqual(found.logs.sort(byTime));
  });

  it("the filters select different rows (the comparison is not trivially empty)", () => {
    const counts = FILTERS.map((f) => {
      const m = compileLogFilters(LogsQuerySchema.parse(f));
      return rows.filter((r) => m.matches(r)).length;
    });
    expect(new Set(counts).size).toBeGreaterThan(4);
    expect(counts[0]).toBe(rows.length);
  });
});
