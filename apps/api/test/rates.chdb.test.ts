// One request rate everywhere: the service header (/red total), its top operations (/red
// routes), its chart buckets and the services overview, over stored spans with known counts
// per minute, on minute-aligned, zoomed (not minute-aligned) and still-filling ranges.
import type { RedResponse, ServicesOverviewResponse } from "@tracelight/contracts";
import type { SpanRow } from "@tracelight/otlp";
import { TelemetryWriter } from "@tracelight/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "./helpers/service.ts";
import { MS, ns, T0 } from "./query-fixtures.ts";

const MINUTE = 60_000;
const SERVICE = "shop";
const MINUTES = 10;
/** Requests of each route in minute i (0-based from T0): known, and different per minute. */
const PER_MINUTE = { "/a": (i: number) => 3 * (i + 1), "/b": (i: number) => (i % 2 === 0 ? 5 : 1) };
const ROUTES = Object.keys(PER_MINUTE) as (keyof typeof PER_MINUTE)[];

let t: TestService;
let api: string;
let spanNo = 0;

function serverSpan(route: string, timeMs: number): SpanRow {
  spanNo++;
  return {
    Timestamp: ns(timeMs),
    TraceId: spanNo.toString(16).padStart(32, "0"),
    SpanId: spanNo.toString(16).padStart(16, "0"),
    ParentSpanId: "",
    TraceState: "",
    SpanName: `GET ${route}`,
    SpanKind: "Server",
    ServiceName: SERVICE,
    ResourceAttributes: { "service.name": SERVICE },
    ScopeName: "test",
    ScopeVersion: "",
    SpanAttributes: { "http.route": route },
    Duration: 10n * MS,
    StatusCode: "Unset",
    StatusMessage: "",
    Events: [],
    Links: [],
  };
}

/** Known requests of `route` (every route when undefined) in minutes [first, last]. */
function count(first: number, last: number, route?: keyof typeof PER_MINUTE): number {
  let n = 0;
  for (let i = first; i <= last; i++) for (const r of route ? [route] : ROUTES) n += PER_MINUTE[r](i);
  return n;
}

beforeAll(async () => {
  t = await startTestService({}, { roles: "ingest,query" });
  api = `http://127.0.0.1:${t.service.ports.api}/api/v1`;
  const rows: SpanRow[] = [];
  for (let i = 0; i < MINUTES; i++) {
    for (const route of ROUTES) {
      const n = PER_MINUTE[route](i);
      // Spread over the minute, so a zoomed range's edges cut through requests.
      for (let k = 0; k < n; k++) rows.push(serverSpan(route, T0 + i * MINUTE + Math.floor(((k + 0.5) * MINUTE) / n)));
    }
  }
  await new TelemetryWriter(t.service.transport).insertSpans(rows);
  expect(await t.count("tracelight_red_1m")).toBeGreaterThan(0);
});

afterAll(async () => {
  await t?.close();
});

async function get<T>(path: string): Promise<T> {
  const res = await fetch(`${api}${path}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as T;
}

/** The three places a rate of SERVICE shows, read for one range. */
async function ratesOf(query: string) {
  const red = await get<RedResponse>(`/red?service=${SERVICE}&${query}`);
  const overview = await get<ServicesOverviewResponse>(`/services/overview?${query}`);
  const service = overview.services.find((s) => s.name === SERVICE);
  return { red, service };
}

const close = (actual: number, expected: number) => expect(Math.abs(actual / expected - 1)).toBeLessThan(0.01);

describe("request rates", () => {
  it("on a minute-aligned range: header, top operations, buckets and overview all equal requests / seconds", async () => {
    const { red, service } = await ratesOf(`from=${T0}&to=${T0 + MINUTES * MINUTE}&step=1m`);
    const requests = count(0, MINUTES - 1);
    const seconds = (MINUTES * MINUTE) / 1000;
    expect(red.total).toEqual({
      requests,
      errors: 0,
      errorRate: 0,
      rate: requests / seconds,
      seconds,
    });
    for (const route of ROUTES) {
      expect(red.routes?.find((r) => r.route === route)?.rate).toBe(count(0, MINUTES - 1, route) / seconds);
    }
    expect(service?.requests).toBe(requests);
    expect(service?.rate).toBe(requests / seconds);
    expect(red.buckets.map((b) => [b.requests, b.seconds, b.partial])).toEqual(
      Array.from({ length: MINUTES }, (_, i) => [count(i, i), 60, false]),
    );
    for (const b of red.buckets) expect(b.rate).toBe(b.requests / 60);
    expect(service?.buckets.map((b) => b.rate)).toEqual(red.buckets.map((b) => b.rate));
  });

  it("on a zoomed range that is not minute-aligned: the minutes it overlaps, counted and timed alike", async () => {
    // 3m30s → 7m15s overlaps minutes 3…7: their requests over their 300 s.
    const { red, service } = await ratesOf(`from=${T0 + 3.5 * MINUTE}&to=${T0 + 7.25 * MINUTE}`);
    const requests = count(3, 7);
    const rate = requests / 300;
    expect(red.total).toMatchObject({ requests, seconds: 300, rate });
    close(red.routes?.reduce((sum, r) => sum + r.rate, 0) ?? 0, rate);
    for (const route of ROUTES) close(red.routes?.find((r) => r.route === route)?.rate ?? 0, count(3, 7, route) / 300);
    close(service?.rate ?? 0, rate);
    expect(service?.requests).toBe(requests);
    // The chart's buckets hold exactly those minutes and seconds.
    expect(red.buckets.map((b) => b.timestamp)).toEqual([3, 4, 5, 6, 7].map((i) => T0 + i * MINUTE));
    expect(red.buckets.reduce((n, b) => n + b.seconds, 0)).toBe(300);
  });

  it("with a step wider than the range's edges: edge buckets are partial, rated over the minutes they hold", async () => {
    // 3m → 8m in 2-minute steps: buckets 2m (minute 3 only), 4m, 6m (minutes 4–7).
    const { red, service } = await ratesOf(`from=${T0 + 3 * MINUTE}&to=${T0 + 8 * MINUTE}&step=2m`);
    expect(red.buckets.map((b) => [b.timestamp - T0, b.requests, b.seconds, b.partial, b.rate])).toEqual([
      [2 * MINUTE, count(3, 3), 60, true, count(3, 3) / 60],
      [4 * MINUTE, count(4, 5), 120, false, count(4, 5) / 120],
      [6 * MINUTE, count(6, 7), 120, false, count(6, 7) / 120],
    ]);
    expect(service?.buckets.map((b) => [b.seconds, b.partial, b.rate])).toEqual(
      red.buckets.map((b) => [b.seconds, b.partial, b.rate]),
    );
    expect(red.total).toMatchObject({ requests: count(3, 7), seconds: 300, rate: count(3, 7) / 300 });
    close(service?.rate ?? 0, count(3, 7) / 300);
  });

  it("a range reaching past now: time after now is not counted, the bucket holding now is partial", async () => {
    const before = Date.now();
    const to = before + 5 * MINUTE;
    const { red, service } = await ratesOf(`from=${T0}&to=${to}&step=1m`);
    const after = Date.now();
    const requests = count(0, MINUTES - 1);
    expect(red.total.seconds).toBeGreaterThanOrEqual((before - T0) / 1000);
    expect(red.total.seconds).toBeLessThanOrEqual((after - T0) / 1000);
    expect(red.total.rate).toBe(requests / red.total.seconds);
    close(service?.rate ?? 0, red.total.rate);
    close(red.routes?.reduce((sum, r) => sum + r.rate, 0) ?? 0, red.total.rate);
    const current = red.buckets.find((b) => b.timestamp <= before && before < b.timestamp + MINUTE);
    expect(current).toMatchObject({ partial: true });
    expect(current?.seconds).toBeLessThan(60);
    const future = red.buckets.filter((b) => b.timestamp >= after);
    expect(future.length).toBeGreaterThan(0);
    for (const b of future) expect(b).toMatchObject({ seconds: 0, partial: true, rate: 0 });
  });
});
