// Ingest keys made through /api/v1/ingest-keys, against the real service and the real OTLP
// SDK exporters over HTTP and gRPC: OTLP is open until a key exists, then refuses requests
// without a valid ingest key (an API token is not one), stops taking a revoked key at once,
// keeps taking TRACELIGHT_INGEST_KEYS beside the stored keys, and still stores its own metrics.
import { rm } from "node:fs/promises";
import type { CreatedSecret, IngestKeyView } from "@tracelight/contracts";
import { until } from "@tracelight/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportSpans, type Protocol } from "../helpers/exporters.ts";
import { freshDataDir, startTestService, type TestService } from "../helpers/service.ts";
import { makeSpans } from "../helpers/telemetry.ts";
import { asAdmin } from "./roles-callers.ts";

const PROTOCOLS: Protocol[] = ["proto", "grpc"];
const SPANS = 2;
const ENV_KEY = "env-key-for-headless-installs";

let dataDir: string;
let t: TestService;

const start = (env: Record<string, string> = {}) =>
  startTestService(
    { TRACELIGHT_SELF_METRICS_INTERVAL_S: "1", ...env },
    { roles: "ingest,query", anonymous: true, dataDir },
  );

/** Exports spans of `service` with the SDK exporter; whether the service took them. */
async function send(protocol: Protocol, service: string, headers: Record<string, string> = {}): Promise<boolean> {
  const spans = makeSpans(service, SPANS);
  const outcome = await exportSpans(protocol, spans, { httpBase: t.otlpHttp, grpcAddress: t.otlpGrpc, headers });
  const stored = await t.count("otel_traces", `ServiceName = '${service}'`);
  expect(stored, `${service}: stored ${stored} of ${spans.length} spans`).toBe(outcome.code === 0 ? spans.length : 0);
  return outcome.code === 0;
}

const createKey = (name: string, expiresAt?: number) =>
  asAdmin<CreatedSecret>(t, "POST", "/api/v1/ingest-keys", 201, {
    name,
    ...(expiresAt === undefined ? {} : { expiresAt: new Date(expiresAt).toISOString() }),
  });

/** A new service over the same data: nothing the old one cached carries over. */
async function restart(env: Record<string, string> = {}): Promise<void> {
  await t.close({ keepData: true });
  t = await start(env);
}

beforeAll(async () => {
  dataDir = await freshDataDir();
  t = await start();
});
afterAll(async () => {
  await t?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("with no ingest key made or configured", () => {
  it.each(PROTOCOLS)("OTLP over %s takes data without a key", async (protocol) => {
    expect(await send(protocol, `open-${protocol}`)).toBe(true);
  });
});

describe("with only an ingest key that expires", () => {
  it("the key works until it expires, and OTLP does not open again after, restarted or not", async () => {
    const expiresAt = Date.now() + 2_000;
    const soon = await createKey("short-lived", expiresAt);
    expect(await send("proto", "before-expiry", { authorization: `Bearer ${soon.token}` })).toBe(true);
    expect(await send("proto", "no-key-before-expiry")).toBe(false);
    let attempt = 0;
    const refusedAt = await until("the expired ingest key refused", async () =>
      (await send("proto", `after-expiry-${attempt++}`, { authorization: `Bearer ${soon.token}` }))
        ? undefined
        : Date.now(),
    );
    expect(refusedAt).toBeGreaterThanOrEqual(expiresAt);
    expect(await send("proto", "no-key-after-expiry")).toBe(false);
    await restart();
    expect(await send("proto", "no-key-after-restart")).toBe(false);
    // Listed, with its expiry, until an admin revokes it.
    const { keys } = await asAdmin<{ keys: IngestKeyView[] }>(t, "GET", "/api/v1/ingest-keys", 200);
    expect(keys.find((key) => key.id === soon.id)?.expiresAt).toBe(new Date(expiresAt).toISOString());
    expect(await send("grpc", "expired-after-restart", { authorization: `Bearer ${soon.token}` })).toBe(false);
  });
});

describe("with ingest keys made through the API", () => {
  let kept: CreatedSecret;
  let revoked: CreatedSecret;
  let requiredSince: number;

  beforeAll(async () => {
    requiredSince = Date.now();
    kept = await createKey("collector");
    revoked = await createKey("old collector");
    expect(kept.token).toMatch(/^tl_ing_/);
  });

  it.each(PROTOCOLS)("OTLP over %s refuses no key, a wrong key, and an API token", async (protocol) => {
    expect(await send(protocol, `no-key-${protocol}`)).toBe(false);
    expect(await send(protocol, `wrong-${protocol}`, { authorization: `Bearer ${kept.token}x` })).toBe(false);
    expect(await send(protocol, `api-token-${protocol}`, { authorization: `Bearer ${t.admin.token}` })).toBe(false);
    expect(await send(protocol, `api-token-header-${protocol}`, { "x-tracelight-key": t.admin.token })).toBe(false);
  });

  it.each(PROTOCOLS)("OTLP over %s takes the new key as a Bearer and as x-tracelight-key", async (protocol) => {
    expect(await send(protocol, `bearer-${protocol}`, { authorization: `Bearer ${kept.token}` })).toBe(true);
    expect(await send(protocol, `header-${protocol}`, { "x-tracelight-key": kept.token })).toBe(true);
  });

  it("the service's own metrics still arrive", async () => {
    // Collected after the keys existed (a second later: one interval), so sent with them required.
    const after = (requiredSince + 1_000) / 1000;
    await until("self-metrics stored while keys are required", async () =>
      (await t.count("otel_metrics_gauge", `ServiceName = 'tracelight' AND TimeUnix > toDateTime64(${after}, 3)`)) > 0
        ? true
        : undefined,
    );
  });

  it("a revoked key is refused at once over HTTP and gRPC; the other key still works", async () => {
    await asAdmin(t, "DELETE", `/api/v1/ingest-keys/${revoked.id}`, 204);
    for (const protocol of PROTOCOLS) {
      expect(await send(protocol, `revoked-${protocol}`, { authorization: `Bearer ${revoked.token}` })).toBe(false);
      expect(await send(protocol, `kept-${protocol}`, { authorization: `Bearer ${kept.token}` })).toBe(true);
    }
  });

  describe("restarted with TRACELIGHT_INGEST_KEYS", () => {
    beforeAll(() => restart({ TRACELIGHT_INGEST_KEYS: ENV_KEY }));

    it.each(PROTOCOLS)(
      "OTLP over %s takes the configured key and the stored one, and nothing else",
      async (protocol) => {
        expect(await send(protocol, `env-${protocol}`, { authorization: `Bearer ${ENV_KEY}` })).toBe(true);
        expect(await send(protocol, `stored-${protocol}`, { "x-tracelight-key": kept.token })).toBe(true);
        expect(await send(protocol, `restart-revoked-${protocol}`, { "x-tracelight-key": revoked.token })).toBe(false);
        expect(await send(protocol, `restart-no-key-${protocol}`)).toBe(false);
      },
    );
  });
});
