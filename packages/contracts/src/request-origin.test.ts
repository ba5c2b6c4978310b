import { describe, expect, it } from "vitest";
import { originPolicy, refuseRequest } from "./request-origin.ts";

const policy = originPolicy({ allowedHosts: "", publicUrl: "https://tracelight.example.com", bindHost: "10.0.0.5" });
const post = (host: string, origin?: string, secFetchSite?: string) =>
  refuseRequest({ method: "POST", host, origin, secFetchSite }, policy)?.error.code;

describe("originPolicy", () => {
  it("defaults to the loopback names, the public URL's host and a specific bind address", () => {
    expect([...policy.hosts]).toEqual(["localhost", "127.0.0.1", "[::1]", "tracelight.example.com", "10.0.0.5"]);
    expect([...policy.origins]).toEqual(["https://tracelight.example.com"]);
    expect(
      originPolicy({ allowedHosts: "", publicUrl: "http://localhost:3000", bindHost: "0.0.0.0" }).hosts,
    ).not.toContain("0.0.0.0");
    expect(originPolicy({ allowedHosts: "", publicUrl: "http://localhost:3000", bindHost: "::1" }).hosts).toContain(
      "[::1]",
    );
  });

  it("takes TRACELIGHT_ALLOWED_HOSTS instead of the defaults", () => {
    const listed = originPolicy({
      allowedHosts: " Obs.Internal , api:3001",
      publicUrl: "http://localhost:3000",
      bindHost: "127.0.0.1",
    });
    expect([...listed.hosts]).toEqual(["obs.internal", "api"]);
  });
});

describe("refuseRequest", () => {
  it("refuses a Host that is not a configured host name, for reads too", () => {
    expect(
      refuseRequest(
        { method: "GET", host: "rebind.attacker.test:3000", origin: undefined, secFetchSite: undefined },
        policy,
      ),
    ).toMatchObject({
      status: 421,
      error: { code: "host_not_allowed" },
    });
    expect(
      refuseRequest({ method: "GET", host: "[::1]:3000", origin: undefined, secFetchSite: undefined }, policy),
    ).toBeUndefined();
  });

  it("refuses a write from another origin, also another port of the same host", () => {
    expect(post("127.0.0.1:3000", "https://evil.test", "cross-site")).toBe("cross_origin");
    expect(post("127.0.0.1:3000", "http://127.0.0.1:8080", "same-site")).toBe("cross_origin");
    expect(post("127.0.0.1:3000", "null")).toBe("cross_origin");
    expect(post("127.0.0.1:3000", undefined, "cross-site")).toBe("cross_origin");
    expect(post("127.0.0.1:3000", undefined, "same-site")).toBe("cross_origin");
  });

  it("lets same-origin, public-URL and headerless writes through", () => {
    expect(post("127.0.0.1:3000", "http://127.0.0.1:3000", "same-origin")).toBeUndefined();
    expect(post("127.0.0.1:3001", "https://tracelight.example.com", "cross-site")).toBeUndefined();
    expect(post("127.0.0.1:3001")).toBeUndefined();
    expect(post("127.0.0.1:3001", undefined, "none")).toBeUndefined();
    expect(
      refuseRequest(
        { method: "GET", host: "localhost", origin: "https://evil.test", secFetchSite: "cross-site" },
        policy,
      ),
    ).toBeUndefined();
  });
});
