// The service map's peers over real chDB: migration 0009's view names what a client or producer
// span called, the pairing job turns a caller half whose callee never arrived into a peer call,
// each call counts once (as a pair or as a peer call, never both), and queryServiceMap answers
// peer nodes whose search finds the caller's spans again in trace search.
import { TraceSearchQuerySchema } from "@tracelight/contracts";
import type { SpanRow } from "@tracelight/otlp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openChdbTransport } from "../src/chdb-transport.ts";
import { migrate } from "../src/migrate.ts";
import { queryServiceMap } from "../src/queries/service-map.ts";
import { searchTraces } from "../src/queries/trace-search.ts";
import {
  buildPairEdgesStatement,
  buildPeerEdgesStatement,
  lastClosedMinute,
  PEER_WAIT_MS,
  pairServiceEdges,
} from "../src/service-edges.ts";
import { sql } from "../src/sql.ts";
import type { ClickHouseTransport } from "../src/transport.ts";
import { TelemetryWriter } from "../src/writer.ts";
import { freshDir, TTL } from "./support/chdb-dir.ts";
import * as fx from "./support/rows.ts";

const dir = freshDir("service-map-peers");
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
const MINUTE = 60_000;
const minuteMs = Math.floor(Number(fx.T0 / MS) / MINUTE) * MINUTE;
const range = { range: { from: minuteMs, to: minuteMs + MINUTE - 1, explicit: true }, includeSelf: false };

interface Call {
  trace: string;
  id: string;
  parent?: string;
  service: string;
  kind: string;
  attrs?: Record<string, string>;
  error?: boolean;
  ms?: number;
}

function span(c: Call): SpanRow {
  return fx.span({
    TraceId: c.trace.padEnd(32, "0"),
    SpanId: c.id.padEnd(16, "0"),
    ParentSpanId: c.parent ? c.parent.padEnd(16, "0") : "",
    ServiceName: c.service,
    ResourceAttributes: { "service.name": c.service },
    SpanName: `${c.kind} ${c.id}`,
    // The row type has the short names only; older exporters' names are stored as given.
    SpanKind: c.kind as SpanRow["SpanKind"],
    SpanAttributes: c.attrs ?? {},
    Duration: BigInt(c.ms ?? 10) * MS,
    StatusCode: (c.error
      ? c.kind.startsWith("SPAN_KIND")
        ? "STATUS_CODE_ERROR"
        : "Error"
      : "Unset") as SpanRow["StatusCode"],
  });
}

/** Pairs every arrival minute up to now, and the peer calls decided by then. */
const pairAll = () => pairServiceEdges(t, Date.now() + PEER_WAIT_MS + 2 * MINUTE);

describe("service map peers", () => {
  it("names a peer by the semantic conventions' order and turns unpaired calls into peer calls", async () => {
    const client = (id: string, attrs: Record<string, string>, kind = "Client") =>
      span({ trace: "n", id, parent: "root", service: "shop", kind, attrs });
    await writer.insertSpans([
      client("a1", { "peer.service": "ledger", "db.system": "postgresql", "server.address": "db" }),
      client("a2", { "db.system.name": "postgresql", "db.namespace": "shop", "server.address": "db" }),
      client("a3", { "db.system": "mysql", "db.name": "orders", "server.address": "mysql" }),
      client("a4", { "db.system": "redis" }),
      client("a5", { "messaging.system": "kafka", "messaging.destination.name": "orders" }, "Producer"),
      client("a6", { "messaging.system": "rabbitmq", "messaging.destination": "jobs" }, "SPAN_KIND_PRODUCER"),
      client("a7", { "server.address": "api.stripe.com", "server.port": "443", "url.full": "https://x.io/" }),
      client("a8", { "server.address": "::1", "server.port": "8080" }),
      client("a9", { "net.peer.name": "legacy-host", "net.peer.port": "8081", "http.host": "h" }),
      client("b1", { "http.host": "example.org", "http.url": "http://other.org/" }),
      client("b2", { "url.full": "https://hooks.slack.com:8443/services/x" }),
      client("b3", { "http.url": "http://old.example.com/x" }),
      // Stored by an exporter before mid-2024, with its enum names.
      client("b4", { "server.address": "legacy-exporter.internal" }, "SPAN_KIND_CLIENT"),
      // Nothing names it: no edge at all.
      client("b5", { "http.request.method": "GET" }),
      // A server span is never a caller.
      span({ trace: "n", id: "b6", parent: "x", service: "shop", kind: "Server", attrs: { "peer.service": "no" } }),
    ]);
    const halves = await t.query<{ id: string; peer: string; attr: string }>(
      sql`SELECT substring(SpanId, 1, 2) AS id, toString(Peer) AS peer, toString(PeerAttr) AS attr
          FROM tracelight_edge_halves WHERE TraceId = ${"n".padEnd(32, "0")} ORDER BY id`,
    );
    expect(halves.map((h) => [h.id, h.peer, h.attr])).toEqual([
      ["a1", "ledger", "peer.service"],
      ["a2", "postgresql/shop", "db.system.name"],
      ["a3", "mysql/orders", "db.system"],
      ["a4", "redis", "db.system"],
      ["a5", "kafka/orders", "messaging.system"],
      ["a6", "rabbitmq/jobs", "messaging.system"],
      ["a7", "api.stripe.com:443", "server.address"],
      ["a8", "[::1]:8080", "server.address"],
      ["a9", "legacy-host:8081", "net.peer.name"],
      ["b1", "example.org", "http.host"],
      ["b2", "hooks.slack.com", "url.full"],
      ["b3", "old.example.com", "http.url"],
      ["b4", "legacy-exporter.internal", "server.address"],
      ["b5", "", ""],
      ["b6", "", ""],
    ]);
  });

  it("answers peer nodes, paired calls once, and a search that finds the caller's calls", async () => {
    await writer.insertSpans([
      // Trace p: web → api (both traced; api's span names it api:8080 too) → postgresql, twice
      // (one fails), and a nested client (an SDK's span around its HTTP client's) to a bucket.
      span({ trace: "p", id: "w0", service: "web", kind: "Server" }),
      span({ trace: "p", id: "w1", parent: "w0", service: "web", kind: "Client", attrs: { "server.address": "api" } }),
      span({ trace: "p", id: "a0", parent: "w1", service: "api", kind: "Server" }),
      span({
        trace: "p",
        id: "a1",
        parent: "a0",
        service: "api",
        kind: "Client",
        ms: 30,
        attrs: { "db.system.name": "postgresql", "db.namespace": "shop" },
      }),
      span({
        trace: "p",
        id: "a2",
        parent: "a0",
        service: "api",
        kind: "Client",
        ms: 50,
        error: true,
        attrs: { "db.system.name": "postgresql", "db.namespace": "shop" },
      }),
      span({ trace: "p", id: "a3", parent: "a0", service: "api", kind: "Client", attrs: { "peer.service": "s3" } }),
      span({
        trace: "p",
        id: "a4",
        parent: "a3",
        service: "api",
        kind: "Client",
        attrs: { "server.address": "bucket.s3.aws" },
      }),
      // Trace q: another caller of the same database.
      span({ trace: "q", id: "j0", service: "jobs", kind: "Server" }),
      span({
        trace: "q",
        id: "j1",
        parent: "j0",
        service: "jobs",
        kind: "Client",
        ms: 20,
        attrs: { "db.system": "postgresql", "db.name": "shop" },
      }),
    ]);
    await pairAll();
    // Runs after that decide nothing again.
    await pairAll();

    const map = await queryServiceMap(t, range, minuteMs + 2 * MINUTE);
    const perMinute = (x: { rate: number }) => Math.round(x.rate * 60 * 1e6) / 1e6;
    expect(map.edges.map((e) => [e.from, e.to, perMinute(e), e.errorRate])).toEqual([
      ["api", "bucket.s3.aws", 1, 0],
      ["api", "postgresql/shop", 2, 0.5],
      ["jobs", "postgresql/shop", 1, 0],
      ["shop", "[::1]:8080", 1, 0],
      ["shop", "api.stripe.com:443", 1, 0],
      ["shop", "example.org", 1, 0],
      ["shop", "hooks.slack.com", 1, 0],
      ["shop", "kafka/orders", 1, 0],
      ["shop", "ledger", 1, 0],
      ["shop", "legacy-exporter.internal", 1, 0],
      ["shop", "legacy-host:8081", 1, 0],
      ["shop", "mysql/orders", 1, 0],
      ["shop", "old.example.com", 1, 0],
      ["shop", "postgresql/shop", 1, 0],
      ["shop", "rabbitmq/jobs", 1, 0],
      ["shop", "redis", 1, 0],
      ["web", "api", 1, 0],
    ]);
    const node = (name: string) => map.nodes.find((n) => n.service === name);
    expect(node("api")?.kind).toBe("service");
    expect(node("shop")?.kind).toBe("service");
    // A peer's figures are the calls to it: its rate the sum of its incoming edges'.
    const db = node("postgresql/shop");
    expect(db).toMatchObject({ kind: "peer", errorRate: 0.25 });
    expect(perMinute(db ?? { rate: 0 })).toBe(4);
    const incoming = map.edges.filter((e) => e.to === "postgresql/shop").reduce((s, e) => s + e.rate, 0);
    expect(db?.rate).toBeCloseTo(incoming, 12);
    expect(db?.p99Ms).toBeGreaterThanOrEqual(30);
    expect(db?.p99Ms).toBeLessThanOrEqual(50);
    // Paired calls have no search; a peer's edge has one that trace search reads.
    expect(map.edges.find((e) => e.to === "api")?.search).toBeUndefined();
    const toDb = map.edges.find((e) => e.from === "api" && e.to === "postgresql/shop");
    expect(toDb?.search).toBe(
      '(kind:client OR kind:producer) db.system.name:"postgresql" (db.namespace:"shop" OR db.name:"shop")',
    );
    const found = async (service: string, q: string | undefined) => {
      const query = TraceSearchQuerySchema.parse({ service, q, from: minuteMs, to: minuteMs + MINUTE - 1 });
      return (await searchTraces(t, query)).traces.length;
    };
    expect(await found("api", toDb?.search)).toBe(1);
    expect(await found("api", '(kind:client OR kind:producer) db.system.name:"mysql"')).toBe(0);
    for (const e of map.edges.filter((x) => x.search !== undefined)) {
      expect(await found(e.from, e.search), `${e.from} → ${e.to}: ${e.search}`).toBeGreaterThan(0);
    }
  });

  it("counts a call once: paired when its callee arrives within the wait, a peer call after it", async () => {
    // Halves written as the view writes them, with arrival minutes chosen: caller r arrives at A;
    // callee children arrive at A + offset minutes. Five calls: children 3 minutes early, on
    // time, at the wait's end, one minute late, and never.
    const A = lastClosedMinute(Date.now()) - 30 * MINUTE;
    const half = (trace: string, id: string, parent: string, service: string, callee: 0 | 1, at: number) =>
      sql`INSERT INTO tracelight_edge_halves
            (Arrived, TraceId, SpanId, ParentSpanId, ServiceName, IsCallee, Minute, DurationNs, IsError, Peer, PeerAttr)
          SELECT toDateTime(${at / 1000}), ${trace}, ${id}, ${parent}, ${service}, ${callee},
                 toDateTime(${(minuteMs + 10 * MINUTE) / 1000}), 1000000, 0,
                 ${callee ? "" : "late:80"}, ${callee ? "" : "server.address"}`;
    const offsets = [-3, 0, PEER_WAIT_MS / MINUTE, PEER_WAIT_MS / MINUTE + 1];
    for (const [i, offset] of offsets.entries()) {
      await t.command(half(`late${i}`, "r", "", "caller", 0, A));
      await t.command(half(`late${i}`, "s", "r", "callee", 1, A + offset * MINUTE));
    }
    await t.command(half("late9", "r", "", "caller", 0, A));
    // Minute by minute, as the job runs, each minute paired twice; then the whole span again.
    for (let m = A - 5 * MINUTE; m <= A + 10 * MINUTE; m += MINUTE) {
      await t.command(buildPairEdgesStatement(m, m));
      await t.command(buildPeerEdgesStatement(m, m));
      await t.command(buildPeerEdgesStatement(m, m));
    }
    await t.command(buildPairEdgesStatement(A - 60 * MINUTE, A + 10 * MINUTE));
    await t.command(buildPeerEdgesStatement(A - 60 * MINUTE, A + 10 * MINUTE));
    const late = {
      range: { from: minuteMs + 10 * MINUTE, to: minuteMs + 11 * MINUTE - 1, explicit: true },
      includeSelf: false,
    };
    const map = await queryServiceMap(t, late, minuteMs + 20 * MINUTE);
    expect(map.edges.map((e) => [e.from, e.to, Math.round(e.rate * 60)])).toEqual([
      ["caller", "callee", 3],
      // The child a minute past the wait, and the call with none.
      ["caller", "late:80", 2],
    ]);
    expect(map.nodes.map((n) => [n.service, n.kind])).toEqual([
      ["callee", "service"],
      ["caller", "service"],
      ["late:80", "peer"],
    ]);
  });
  it("pairs an SDK's call with the server span the eBPF agent made of an uninstrumented process", async () => {
    // Shaped as agent/src/http/spans.ts builds them: kind server, joined to the caller's trace by
    // its traceparent (parent: the SDK's client span), named after the process; its own outgoing
    // call without a traceparent starts a trace of its own and names its server by address.
    const agent = (c: Call): SpanRow => ({
      ...span(c),
      ScopeName: "tracelight-ebpf-agent",
      ResourceAttributes: { "service.name": c.service, "process.pid": "4242", "host.name": "node-1" },
    });
    await writer.insertSpans([
      span({ trace: "g", id: "f0", service: "storefront", kind: "Server" }),
      span({
        trace: "g",
        id: "f1",
        parent: "f0",
        service: "storefront",
        kind: "Client",
        attrs: { "server.address": "legacy-app", "server.port": "8080" },
      }),
      agent({
        trace: "g",
        id: "l0",
        parent: "f1",
        service: "legacy-app",
        kind: "Server",
        attrs: {
          "http.request.method": "GET",
          "http.route": "/orders/:id",
          "http.response.status_code": "200",
          "url.path": "/orders/7",
          "url.scheme": "http",
          "server.address": "legacy-app",
          "server.port": "8080",
          "client.address": "10.0.0.3",
          "client.port": "51000",
        },
      }),
      agent({
        trace: "h",
        id: "l1",
        service: "legacy-app",
        kind: "Client",
        attrs: {
          "http.request.method": "GET",
          "server.address": "10.0.0.7",
          "server.port": "9000",
          "url.full": "http://10.0.0.7:9000/stock",
        },
      }),
    ]);
    // The earlier tests' runs, with their clock ahead, covered this minute already: pair it again.
    const now = Math.floor(Date.now() / MINUTE) * MINUTE;
    await t.command(buildPairEdgesStatement(now - MINUTE, now + PEER_WAIT_MS + MINUTE));
    await t.command(buildPeerEdgesStatement(now - MINUTE, now + PEER_WAIT_MS + MINUTE));
    const map = await queryServiceMap(t, range, minuteMs + 2 * MINUTE);
    const edges = map.edges.filter((e) => e.from === "legacy-app" || e.to === "legacy-app");
    expect(edges.map((e) => [e.from, e.to, Math.round(e.rate * 60), e.search])).toEqual([
      ["legacy-app", "10.0.0.7:9000", 1, '(kind:client OR kind:producer) server.address:"10.0.0.7" server.port:9000'],
      ["storefront", "legacy-app", 1, undefined],
    ]);
    expect(map.nodes.find((n) => n.service === "legacy-app")?.kind).toBe("service");
    expect(map.nodes.find((n) => n.service === "10.0.0.7:9000")?.kind).toBe("peer");
  });
});
