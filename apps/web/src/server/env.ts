// The web server's environment, read once and validated.
import { blankAsUnset, commaList, hostNames, httpUrl, parseEnv, port } from "@tracelight/config";
import { originPolicy as policyFor } from "@tracelight/contracts";
import { z } from "zod";

const Env = z.object({
  TRACELIGHT_API_URL: z.string().url().optional(),
  API_PORT: port(3001),
  /** The interface `npm start` binds the web server to. */
  TRACELIGHT_HOST: z.string().min(1).default("127.0.0.1"),
  TRACELIGHT_PUBLIC_URL: httpUrl("http://localhost:3000").default("http://localhost:3000"),
  TRACELIGHT_ALLOWED_HOSTS: hostNames,
  // The web's own telemetry goes to the api's OTLP listener, as the api's does (its names and defaults).
  TRACELIGHT_SELF_METRICS_INTERVAL_S: z.coerce.number().int().min(0).max(3600).default(15),
  TRACELIGHT_SELF_METRICS_URL: blankAsUnset(httpUrl("http://ingest:4318").optional()),
  OTLP_HTTP_PORT: port(4318),
  TRACELIGHT_INGEST_KEYS: commaList().default([]),
});

const parsed = parseEnv(Env, process.env);

/** Where the query API listens; the web server proxies /api/v1 there. */
export const apiBaseUrl = (parsed.TRACELIGHT_API_URL ?? `http://127.0.0.1:${parsed.API_PORT}`).replace(/\/+$/, "");

/** Host names the web server answers to and origins it takes writes from (the api's rule). */
export const originPolicy = policyFor({
  allowedHosts: parsed.TRACELIGHT_ALLOWED_HOSTS,
  publicUrl: parsed.TRACELIGHT_PUBLIC_URL,
  bindHost: parsed.TRACELIGHT_HOST,
});

/** Where and how often the web sends its own telemetry (src/server/web-self-telemetry.ts). */
export const selfTelemetryConfig = {
  intervalMs: parsed.TRACELIGHT_SELF_METRICS_INTERVAL_S * 1000,
  // Default: the OTLP listener beside the query API.
  url: (
    parsed.TRACELIGHT_SELF_METRICS_URL ?? `http://${new URL(apiBaseUrl).hostname}:${parsed.OTLP_HTTP_PORT}`
  ).replace(/\/+$/, ""),
  ingestKey: parsed.TRACELIGHT_INGEST_KEYS[0],
};
