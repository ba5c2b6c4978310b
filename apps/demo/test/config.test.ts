import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../src/config.ts";

describe("parseConfig", () => {
  it("has defaults for everything", () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      otlpEndpoint: "http://127.0.0.1:4318",
      rate: 8,
      incident: { periodS: 120, startS: 20, durationS: 40 },
      durationS: undefined,
    });
    expect(config.seed).toMatch(/\S/);
  });

  it("reads every variable, treating empty values as unset", () => {
    const config = parseConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/",
      DEMO_RATE: "2.5",
      DEMO_INCIDENT_PERIOD_S: "60",
      DEMO_INCIDENT_START_S: "0",
      DEMO_INCIDENT_DURATION_S: "30",
      DEMO_DURATION_S: "90",
      DEMO_SEED: "abc",
      DEMO_API_URL: "http://api:3001/",
    });
    expect(config).toEqual({
      otlpEndpoint: "http://collector:4318",
      rate: 2.5,
      incident: { periodS: 60, startS: 0, durationS: 30 },
      durationS: 90,
      seed: "abc",
      alertRulesApi: "http://api:3001",
      apiAccess: undefined,
      withoutSdk: ["inventory"],
    });
    expect(parseConfig({ DEMO_WITHOUT_SDK: "none" }).withoutSdk).toEqual([]);
    expect(parseConfig({ DEMO_WITHOUT_SDK: "payments, inventory" }).withoutSdk).toEqual(["payments", "inventory"]);
    expect(parseConfig({ DEMO_ALERT_RULES: "off" }).alertRulesApi).toBeUndefined();
    expect(parseConfig({ DEMO_RATE: "", DEMO_DURATION_S: " " })).toMatchObject({ rate: 8, durationS: undefined });
  });

  it("writes to the api with DEMO_API_TOKEN, else with a token made as the admin of TRACELIGHT_ADMIN_EMAIL/_PASSWORD", () => {
    const admin = { TRACELIGHT_ADMIN_EMAIL: "admin@tracelight.local", TRACELIGHT_ADMIN_PASSWORD: "0123456789" };
    expect(parseConfig(admin).apiAccess).toEqual({
      admin: { email: "admin@tracelight.local", password: "0123456789" },
    });
    expect(parseConfig({ ...admin, DEMO_API_TOKEN: "tl_api_x" }).apiAccess).toEqual({ token: "tl_api_x" });
    expect(parseConfig({ TRACELIGHT_ADMIN_EMAIL: "admin@tracelight.local" }).apiAccess).toBeUndefined();
    expect(() => parseConfig({ TRACELIGHT_ADMIN_EMAIL: "admin" })).toThrow(/TRACELIGHT_ADMIN_EMAIL/);
  });

  it("names every invalid variable", () => {
    expect(() => parseConfig({ DEMO_RATE: "0", OTEL_EXPORTER_OTLP_ENDPOINT: "ftp://x" })).toThrow(ConfigError);
    expect(() =>
      parseConfig({ DEMO_RATE: "fast", OTEL_EXPORTER_OTLP_ENDPOINT: "nope", DEMO_DURATION_S: "-1" }),
    ).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT[\s\S]*DEMO_RATE[\s\S]*DEMO_DURATION_S/);
    expect(() => parseConfig({ DEMO_WITHOUT_SDK: "inventory,db" })).toThrow(/DEMO_WITHOUT_SDK/);
  });

  it("refuses an incident that does not fit in its period", () => {
    expect(() =>
      parseConfig({ DEMO_INCIDENT_PERIOD_S: "60", DEMO_INCIDENT_START_S: "40", DEMO_INCIDENT_DURATION_S: "30" }),
    ).toThrow(/must not exceed DEMO_INCIDENT_PERIOD_S/);
  });
});
