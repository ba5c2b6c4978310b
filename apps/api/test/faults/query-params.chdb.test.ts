// Hostile query parameters on every GET route of the query API, over real HTTP and chDB. The
// routes are read from Fastify as registerQueryRoutes registers them, and the parameter names
// from every query schema of the contracts, so a new route or parameter is covered without
// editing this file. Each request must answer 2xx, or 4xx with a JSON error, within a few
// seconds, and the service must keep answering.
import * as contracts from "@tracelight/contracts";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeliveryDispatcher } from "../../src/notify/dispatcher.ts";
import { LogTailHub } from "../../src/query/log-tail-hub.ts";
import { API_PREFIX, registerQueryRoutes } from "../../src/query/routes.ts";
import { sendIncident } from "../helpers/checkout-incident.ts";
import { startTestService, type TestService } from "../helpers/service.ts";

// Started before the tests are declared: they are one per route the service registers.
const svc: TestService = await startTestService({}, { roles: "ingest,query" });
const api = `http://127.0.0.1:${svc.service.ports.api}`;
beforeAll(async () => {
  await sendIncident(svc.otlpHttp, { endMs: Date.now() - 60_000, minutes: 5, slowMinutes: 1 });
});
afterAll(async () => {
  await svc.close();
});

/** The GET routes under /api/v1 exactly as the service registers them (with every optional part present). */
async function getRoutes(): Promise<string[]> {
  const app = Fastify();
  const routes: string[] = [];
  app.addHook("onRoute", (route) => {
    const methods = [route.method].flat();
    if (methods.includes("GET") && route.url.startsWith(API_PREFIX)) routes.push(route.url);
  });
  const db = svc.service.db;
  if (!db) throw new Error("the query role opens the metadata database");
  const transport = svc.service.transport;
  // Registering reads nothing from the dispatcher; only a test notification would.
  const dispatcher = {} as DeliveryDispatcher;
  await registerQueryRoutes(app, {
    transport,
    logTail: new LogTailHub(),
    alerts: { db, transport, dispatcher, evalIntervalMs: 60_000 },
  });
  await app.ready();
  await app.close();
  return [...new Set(routes)];
}

/** Every field of every query, filter and path-parameter schema the contracts export. */
function parameterNames(): string[] {
  const names = new Set<string>();
  const walk = (schema: unknown) => {
    const def = (schema as { _zod?: { def?: { type: string; shape?: object; in?: unknown } } })._zod?.def;
    if (def?.type === "object" && def.shape) for (const name of Object.keys(def.shape)) names.add(name);
    if (def?.type === "pipe") walk(def.in);
  };
  for (const [name, schema] of Object.entries(contracts)) if (/(Query|Filters|Params)Schema$/.test(name)) walk(schema);
  return [...names, "id", "cursor", "offset", "not-a-parameter"];
}

// Values that break parsers, number conversions, SQL quoting and the engine's ranges.
const VALUES = [
  "",
  " ",
  "'",
  "' OR 1=1 --",
  "\\",
  "\0",
  "{p0:String}",
  "-1",
  "0",
  "1e308",
  "-1e308",
  "NaN",
  "Infinity",
  "99999999999999999999999",
  "9223372036854775808",
  "0x7fffffff",
  "now-99999999w",
  "2262-04-12T00:00:00Z",
  "[object Object]",
  "(a+)+b",
  ".*.*.*.*.*.*.*.*.*.*.*.*!",
  "\u{1F4A5}\uFFFF",
  "x".repeat(8_000),
];
// Each parameter alone gets these (the others above go in all parameters at once).
const EACH_VALUES = ["'", "\0", "{p0:String}", "-1", "1e308", "(a+)+b", "x".repeat(8_000)];
// Query strings a URLSearchParams cannot produce: broken escapes, repeats, brackets, invalid UTF-8.
const RAW_QUERIES = ["from=%ZZ", "from=1&from=2&to=3&to=4", "from[]=1", "a[b][c]=1", "q=%ED%A0%80", "=&&=&%", "q=%00"];
const PATH_VALUES = [
  "x",
  "0".repeat(32),
  "f".repeat(32),
  "'",
  "%00",
  "%ZZ",
  "%2e%2e%2f",
  "9".repeat(40),
  "a".repeat(5_000),
];

/** Sends one GET; returns a description of what was wrong with the answer, or undefined. */
async function violation(path: string): Promise<string | undefined> {
  const started = Date.now();
  try {
    const response = await fetch(`${api}${path}`, { signal: AbortSignal.timeout(5_000) });
    const type = response.headers.get("content-type") ?? "";
    if (type.startsWith("text/event-stream")) {
      await response.body?.cancel();
      return response.status === 200 ? undefined : `${response.status} event stream`;
    }
    const text = await response.text();
    if (response.status >= 500) return `${response.status} ${text.slice(0, 200)}`;
    if (response.status >= 300 && response.status < 400) return `${response.status} redirect`;
    let body: { error?: { message?: unknown } };
    try {
      body = JSON.parse(text);
    } catch {
      return `${response.status} not JSON: ${text.slice(0, 200)}`;
    }
    if (response.status >= 400 && typeof body.error?.message !== "string")
      return `${response.status} without a message`;
    return undefined;
  } catch (error) {
    return `no answer after ${Date.now() - started} ms: ${(error as Error).message}`;
  }
}

/** Runs `check` over `items`, a few at a time. */
async function forEachLimited<T>(items: T[], check: (item: T) => Promise<void>, concurrency = 6): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await check(items[next++] as T);
    }),
  );
}

function pathsFor(route: string, names: string[]): string[] {
  // Path parameters get hostile values; the query string is tried on a well-formed path.
  const withPath = (value: string) => route.replace(/:[^/]+/g, value);
  const base = withPath("0".repeat(32));
  const query = (params: [string, string][]) => `${base}?${new URLSearchParams(params)}`;
  return [
    ...(route.includes(":") ? PATH_VALUES.map(withPath) : []),
    ...VALUES.map((value) => query(names.map((name) => [name, value]))),
    ...names.flatMap((name) => EACH_VALUES.map((value) => query([[name, value]]))),
    ...RAW_QUERIES.map((raw) => `${base}?${raw}`),
  ];
}

const routes = await getRoutes();

describe("fault: hostile query parameters — every GET route answers 2xx or a 4xx JSON error within 5 s", () => {
  it("the route list is read from the service", () => {
    expect(routes).toContain(`${API_PREFIX}/traces`);
    expect(routes).toContain(`${API_PREFIX}/alerts`);
    expect(routes.length).toBeGreaterThan(15);
  });

  const names = parameterNames();
  it.each(routes)("GET %s", async (route) => {
    const failures: string[] = [];
    await forEachLimited(pathsFor(route, names), async (path) => {
      const wrong = await violation(path);
      if (wrong) failures.push(`${path.slice(0, 300)} → ${wrong}`);
    });
    expect(failures).toEqual([]);
    expect((await fetch(`${api}/healthz`)).status).toBe(200);
  });
});

describe("fault: hostile query parameters — refusals before routing answer in the API's error shape", () => {
  it.each([
    ["a broken escape in the path", "/api/v1/alerts/%ZZ", {}, 400],
    ["a path parameter past the router's length limit", `/api/v1/alerts/${"a".repeat(5_000)}`, {}, 414],
    ["headers past Node's limit", "/api/v1/services", { "x-big": "x".repeat(20_000) }, 431],
  ] as const)("%s", async (_name, path, headers, status) => {
    const response = await fetch(`${api}${path}`, { headers });
    expect(response.status).toBe(status);
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    expect(body.error?.code).toBe("bad_request");
    expect(body.error?.message).toEqual(expect.any(String));
    expect((await fetch(`${api}/healthz`)).status).toBe(200);
  });
});
