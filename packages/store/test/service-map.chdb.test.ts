// The service map over real chDB: spans stored by the writer go through migration 0008's view
// into call halves, the pairing job turns them into edges, and queryServiceMap reads edges and
// the RED rollup's nodes.
import { MAX_SERVICE_MAP_NODES } from "@tracelight/contracts";
import type { SpanRow } from "@tracelight/otlp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openChdbTransport } from "../src/chdb-transport.ts";
import { migrate } from "../src/migrate.ts";
import { queryServiceMap } from "../src/queries/service-map.ts";
import { buildPairEdgesStatement, lastClosedMinute, pairServiceEdges } from "../src/service-edges.ts";
import { raw, sql } from "../src/sql.ts";
import type { ClickHouseTransport } from "../src/transport.ts";
import { TelemetryWriter } from "../src/writer.ts";
import { freshDir, TTL } from "./support/chdb-dir.ts";
import * as fx from "./support/rows.ts";

const dir = freshDir("service-map");
let t: ClickHouseTransport;
let writer: TelemetryWriter;

beforeAll(async () => {
  t = openChdbTransport(dir.path);
  await migrate(t, { ttlDays: TTL });
  writer = new TelemetryWriter(t);
});
afterAll(async () => {
  await t?.close();
  dir.remove();
});

const MS = 1_000_000n;
/** The minute holding fx.T0, where every span of the first test starts. */
const minuteMs = Math.floor(Number(fx.T0 / MS) / 60_000) * 60_000;
const range = (includeSelf = false) => ({
  range: { from: minuteMs, to: minuteMs + 60_000 - 1, explicit: true },
  includeSelf,
});

function call(trace: string, id: string, parent: string, service: string, kind: string, ms: number, error = false) {
  return fx.span({
    TraceId: trace.padEnd(32, "0"),
    SpanId: id.padEnd(16, "0"),
    ParentSpanId: parent === "" ? "" : parent.padEnd(16, "0"),
    ServiceName: service,
    // The row type has the short names only; older exporters' names are stored as given.
    SpanKind: kind as SpanRow["SpanKind"],
    Duration: BigInt(ms) * MS,
    StatusCode: (error
      ? kind.startsWith("SPAN_KIND")
        ? "STATUS_CODE_ERROR"
        : "Error"
      : "Unset") as SpanRow["StatusCode"],
  });
}

describe("service map", () => {
  it("pairs client and server spans across services and inserts, once", async () => {
    // Trace a: frontend → checkout → payments (payments fails); payments arrives in a later insert.
    await writer.insertSpans([
      call("a", "f0", "", "frontend", "Server", 400),
      call("a", "f1", "f0", "frontend", "Client", 100),
      call("a", "c0", "f1", "checkout", "Server", 90),
      call("a", "c1", "c0", "checkout", "Client", 50),
      // A call inside checkout is no edge.
      call("a", "c2", "c0", "checkout", "Client", 5),
    ]);
    await writer.insertSpans([
      call("a", "p0", "c1", "payments", "Server", 40, true),
      call("a", "c3", "c2", "checkout", "Server", 4),
    ]);
    // Trace b, stored by an older exporter's enum names: frontend → checkout, an error.
    await writer.insertSpans([
      call("b", "f1", "", "frontend", "SPAN_KIND_CLIENT", 300),
      call("b", "c0", "f1", "checkout", "SPAN_KIND_SERVER", 280, true),
    ]);
    // Tracelight's own calls, left out unless asked for.
    await writer.insertSpans([
      call("c", "t1", "", "tracelight", "Client", 10),
      call("c", "c0", "t1", "checkout", "Server", 8),
    ]);

    const future = Date.now() + 3 * 60_000;
    const covered = await pairServiceEdges(t, future);
    expect(covered).toBe(lastClosedMinute(future));
    // Later runs pair nothing twice.
    await pairServiceEdges(t, future + 60_000);
    await pairServiceEdges(t, future + 120_000);

    const map = await queryServiceMap(t, range(), minuteMs + 120_000);
    expect(map.truncated).toBe(false);
    expect(map.edges.map((e) => [e.from, e.to, e.rate * 60, e.errorRate])).toEqual([
      ["checkout", "payments", 1, 1],
      ["frontend", "checkout", 2, 0.5],
    ]);
    const [toPayments, toCheckout] = map.edges;
    expect(toPayments?.p99Ms).toBeCloseTo(50, 6);
    expect(toCheckout?.p99Ms).toBeGreaterThanOrEqual(100);
    expect(toCheckout?.p99Ms).toBeLessThanOrEqual(300);
    // Nodes: the RED rollup's entry spans, Tracelight's calls included as on the services page
    // (checkout: its four server spans; frontend: its server root and trace b's client root).
    expect(map.nodes.map((n) => [n.service, n.rate * 60, n.errorRate])).toEqual([
      ["checkout", 4, 0.25],
      ["frontend", 2, 0],
      ["payments", 1, 1],
    ]);
    expect(map.nodes.find((n) => n.service === "payments")?.p99Ms).toBeCloseTo(40, 6);

    const withSelf = await queryServiceMap(t, range(true), minuteMs + 120_000);
    expect(withSelf.edges.map((e) => `${e.from}>${e.to}`)).toContain("tracelight>checkout");
    // Its client span is a root, which the RED rollup counts as a request.
    expect(withSelf.nodes.find((n) => n.service === "tracelight")?.rate).toBeCloseTo(1 / 60, 9);
  });

  it("pairs halves that arrive minutes apart in the run after the later one, once", async () => {
    const arrived = lastClosedMinute(Date.now()) - 10 * 60_000;
    const half = (id: string, parent: string, service: string, callee: 0 | 1, arrivedMs: number) =>
      sql`INSERT INTO tracelight_edge_halves
            (Arrived, TraceId, SpanId, ParentSpanId, ServiceName, IsCallee, Minute, DurationNs, IsError)
          SELECT toDateTime(${arrivedMs / 1000}), 'late', ${id}, ${parent}, ${service}, ${callee},
                 toDateTime(${minuteMs / 1000}), 7000000, 0`;
    await t.command(half("s1", "r1", "ledger", 1, arrived));
    await t.command(buildPairEdgesStatement(arrived, arrived));
    await t.command(half("r1", "", "billing", 0, arrived + 2 * 60_000));
    await t.command(buildPairEdgesStatement(arrived + 60_000, arrived + 60_000));
    const count = async () =>
      t.query<{ calls: number }>(
        sql`SELECT toUInt32(sum(Calls)) AS calls FROM ${raw("tracelight_service_edges_1m")} FINAL WHERE Caller = 'billing'`,
      );
    expect(await count()).toEqual([{ calls: 0 }]);
    await t.command(buildPairEdgesStatement(arrived + 2 * 60_000, arrived + 3 * 60_000));
    await t.command(buildPairEdgesStatement(arrived + 4 * 60_000, arrived + 5 * 60_000));
    expect(await count()).toEqual([{ calls: 1 }]);
    // A repeated (or concurrent) run of the same minutes writes the same row, read once.
    await t.command(buildPairEdgesStatement(arrived, arrived + 3 * 60_000));
    expect(await count()).toEqual([{ calls: 1 }]);
    const map = await queryServiceMap(t, range(), minuteMs + 120_000);
    expect(map.edges.find((e) => e.from === "billing")).toMatchObject({ to: "ledger", errorRate: 0, p99Ms: 7 });
  });

  it("keeps the busiest nodes only, and the edges between them", async () => {
    // 600 callers with no entry spans of their own (rate 0) each calling checkout, an hour later.
    const minute = minuteMs + 3_600_000;
    await t.command(sql`INSERT INTO tracelight_service_edges_1m (Caller, Callee, Minute, Paired, Calls, Errors, Latency)
      SELECT concat('caller-', leftPad(toString(number), 3, '0')), 'checkout', toDateTime(${minute / 1000}),
             toDateTime(${minute / 1000}), 1, 0, quantilesTDigestState(0.5, 0.9, 0.99)(toUInt64(1000000))
      FROM numbers(600) GROUP BY number`);
    const map = await queryServiceMap(
      t,
      { range: { from: minute, to: minute + 59_999, explicit: true }, includeSelf: false },
      minute + 120_000,
    );
    expect(map.truncated).toBe(true);
    expect(map.nodes).toHaveLength(MAX_SERVICE_MAP_NODES);
    // No node has requests here: checkout, with every call through it, comes first, then the
    // callers (one call each) by name.
    expect(map.nodes.map((n) => n.service)).toContain("checkout");
    expect(map.nodes.map((n) => n.service)).toContain("caller-498");
    expect(map.nodes.map((n) => n.service)).not.toContain("caller-499");
    expect(map.edges).toHaveLength(MAX_SERVICE_MAP_NODES - 1);
  });
});
