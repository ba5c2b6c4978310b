// The web server's environment, read once and validated.
import { hostNames, httpUrl, parseEnv, port } from "@tracelight/config";
import { originPolicy as policyFor } from "@tracelight/contracts";
import { z } from "zod";

const Env = z.object({
  TRACELIGHT_API_URL: z.string().url().optional(),
  API_PORT: port(3001),
  /** The interface `npm start` binds the web server to. */
  TRACELIGHT_HOST: z.string().min(1).default("127.0.0.1"),
  TRACELIGHT_PUBLIC_URL: httpUrl("http://localhost:3000").default("http://localhost:3000"),
  TRACELIGHT_ALLOWED_HOSTS: hostNames,
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
