// An api+web pair of a spec's own, for what the shared pair cannot show: a first run without any
// user, an OpenID provider, OTLP locked by an ingest key. The same scripts as the shared pair
// (start-api.ts, start-web.ts) on the ports of a slot (env.ts pairPorts), with api settings
// added or blanked (an empty value unsets one, e.g. TRACELIGHT_ADMIN_EMAIL).
import { startChildServer } from "@tracelight/testkit";
import { pairPorts } from "./env.ts";

export interface PairSpec {
  /** 1, 2, …: which ports (env.ts pairPorts); specs that may run at the same time differ. */
  slot: number;
  apiEnv?: Record<string, string>;
}

export interface ServerPair {
  urls: { api: string; otlpHttp: string; web: string };
  stop(): Promise<void>;
}

export const pairUrls = (slot: number) => {
  const p = pairPorts(slot);
  return {
    api: `http://127.0.0.1:${p.api}`,
    otlpHttp: `http://127.0.0.1:${p.otlpHttp}`,
    web: `http://127.0.0.1:${p.web}`,
  };
};

export async function startServerPair(spec: PairSpec): Promise<ServerPair> {
  const p = pairPorts(spec.slot);
  const urls = pairUrls(spec.slot);
  const env = {
    E2E_API_PORT: String(p.api),
    E2E_OTLP_HTTP_PORT: String(p.otlpHttp),
    E2E_OTLP_GRPC_PORT: String(p.otlpGrpc),
    E2E_WEB_PORT: String(p.web),
    E2E_API_ENV: JSON.stringify(spec.apiEnv ?? {}),
    E2E_WEB_REUSE_BUILD: "1",
  };
  const api = await startChildServer({
    name: `api (slot ${spec.slot})`,
    args: ["--import", "tsx", "e2e/support/start-api.ts"],
    env,
    readyUrl: `${urls.api}/readyz`,
    timeoutMs: 120_000,
  });
  try {
    const web = await startChildServer({
      name: `web (slot ${spec.slot})`,
      args: ["--import", "tsx", "e2e/support/start-web.ts"],
      env,
      readyUrl: `${urls.web}/login`,
    });
    return { urls, stop: async () => void (await Promise.all([web.stop(), api.stop()])) };
  } catch (error) {
    await api.stop();
    throw error;
  }
}
