// The accounts part of the environment (src/auth/auth-config.ts): the env admin is both
// variables or neither, session lengths take any positive number, however small.
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../src/config.ts";

describe("accounts environment", () => {
  it("the env admin needs both variables; the error names the missing one", () => {
    expect(() => parseConfig({ TRACELIGHT_ADMIN_EMAIL: "ops@tracelight.test" })).toThrow(ConfigError);
    expect(() => parseConfig({ TRACELIGHT_ADMIN_EMAIL: "ops@tracelight.test" })).toThrow(/TRACELIGHT_ADMIN_PASSWORD/);
    expect(() => parseConfig({ TRACELIGHT_ADMIN_PASSWORD: "ops-admin-password" })).toThrow(/TRACELIGHT_ADMIN_EMAIL/);
    expect(() =>
      parseConfig({ TRACELIGHT_ADMIN_EMAIL: "ops@tracelight.test", TRACELIGHT_ADMIN_PASSWORD: "short" }),
    ).toThrow(/TRACELIGHT_ADMIN_PASSWORD: at least 10 characters/);
    expect(() =>
      parseConfig({ TRACELIGHT_ADMIN_EMAIL: "nope", TRACELIGHT_ADMIN_PASSWORD: "ops-admin-password" }),
    ).toThrow(/TRACELIGHT_ADMIN_EMAIL/);
    const both = parseConfig({
      TRACELIGHT_ADMIN_EMAIL: "ops@tracelight.test",
      TRACELIGHT_ADMIN_PASSWORD: "ops-admin-password",
    });
    expect(both.accounts.admin).toEqual({ email: "ops@tracelight.test", password: "ops-admin-password" });
    expect(parseConfig({}).accounts.admin).toBeNull();
  });

  it("session lengths: defaults, fractions, never 0 seconds, never 0 or negative", () => {
    expect(parseConfig({}).accounts).toMatchObject({ idleSessionS: 7 * 86_400, absoluteSessionS: 30 * 86_400 });
    expect(
      parseConfig({ TRACELIGHT_SESSION_IDLE_HOURS: "0.001", TRACELIGHT_SESSION_MAX_DAYS: "0.00005" }).accounts,
    ).toMatchObject({ idleSessionS: 4, absoluteSessionS: 4 });
    // Positive but under half a second: still a session that lasts a moment, not one already over.
    const tiny = parseConfig({ TRACELIGHT_SESSION_IDLE_HOURS: "0.0001", TRACELIGHT_SESSION_MAX_DAYS: "0.000001" });
    expect(tiny.accounts.idleSessionS).toBeGreaterThanOrEqual(1);
    expect(tiny.accounts.absoluteSessionS).toBeGreaterThanOrEqual(1);
    expect(() => parseConfig({ TRACELIGHT_SESSION_IDLE_HOURS: "0", TRACELIGHT_SESSION_MAX_DAYS: "-1" })).toThrow(
      /TRACELIGHT_SESSION_IDLE_HOURS[\s\S]*TRACELIGHT_SESSION_MAX_DAYS/,
    );
  });
});
