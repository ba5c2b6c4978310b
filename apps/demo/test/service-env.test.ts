// What each service process finds in its environment: the eBPF agent reads it to name the
// process and to tell whether an SDK reports its requests (agent/src/process/role.ts).
import { describe, expect, it } from "vitest";
import type { ServiceConfig } from "../src/protocol.ts";
import { serviceEnv } from "../src/supervisor.ts";

const config = (service: ServiceConfig["service"], sdk: boolean): ServiceConfig => ({
  service,
  sdk,
  endpoint: "http://127.0.0.1:4318",
  startedAtMs: 0,
  incident: { periodS: 120, startS: 20, durationS: 40 },
  seed: "s",
  peers: {},
  metricIntervalMs: 10_000,
});
const parent = {
  PATH: "/usr/bin",
  TRACELIGHT_COMPONENT: "demo",
  OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318",
  OTEL_EXPORTER_OTLP_HEADERS: "x-tracelight-key=k",
  OTEL_SERVICE_NAME: "demo",
  TRACELIGHT_ADMIN_EMAIL: "admin@tracelight.local",
  TRACELIGHT_ADMIN_PASSWORD: "secret-password",
  DEMO_API_TOKEN: "tl_api_x",
};

describe("serviceEnv", () => {
  it("names each service in its environment and drops the demo's own marker and credentials", () => {
    const env = serviceEnv(config("checkout", true), parent);
    expect(env).toMatchObject({
      PATH: "/usr/bin",
      OTEL_SERVICE_NAME: "checkout",
      OTEL_RESOURCE_ATTRIBUTES: "service.namespace=tracelight-demo,deployment.environment.name=demo",
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318",
      OTEL_EXPORTER_OTLP_HEADERS: "x-tracelight-key=k",
    });
    expect(env.TRACELIGHT_COMPONENT).toBeUndefined();
    expect([env.TRACELIGHT_ADMIN_EMAIL, env.TRACELIGHT_ADMIN_PASSWORD, env.DEMO_API_TOKEN]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(JSON.parse(env.TRACELIGHT_DEMO_SERVICE ?? "{}")).toMatchObject({ service: "checkout", sdk: true });
  });

  it("gives a service without an SDK no exporter settings, only its name", () => {
    const env = serviceEnv(config("inventory", false), parent);
    expect(
      Object.keys(env)
        .filter((k) => k.startsWith("OTEL_"))
        .sort(),
    ).toEqual(["OTEL_RESOURCE_ATTRIBUTES", "OTEL_SERVICE_NAME"]);
    expect(env.OTEL_SERVICE_NAME).toBe("inventory");
  });
});
