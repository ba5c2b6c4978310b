// @vitest-environment node
// src/proxy.ts, Next's proxy in front of every request: what it refuses, and the headers it
// puts on what it lets through. The same checks against the built server run in e2e/specs/web-safety.spec.ts.
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";

let proxy: typeof import("../src/proxy.ts")["proxy"];

beforeAll(async () => {
  process.env.TRACELIGHT_PUBLIC_URL = "https://tracelight.example.com";
  ({ proxy } = await import("../src/proxy.ts"));
});

const call = (method: string, path: string, headers: Record<string, string>) =>
  proxy(new NextRequest(`http://127.0.0.1:3000${path}`, { method, headers: { host: "127.0.0.1:3000", ...headers } }));

describe("the web's request guard", () => {
  it("refuses a cross-origin cookie POST to the api proxy", async () => {
    const response = call("POST", "/api/v1/channels/c1/test", {
      origin: "https://evil.test",
      "sec-fetch-site": "cross-site",
      cookie: "session=1",
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: "cross_origin" } });
    expect(call("DELETE", "/api/v1/channels/c1", { "sec-fetch-site": "same-site" }).status).toBe(403);
  });

  it("lets same-origin and headerless writes through to the route", () => {
    const sameOrigin = call("POST", "/api/v1/channels/c1/test", {
      origin: "http://127.0.0.1:3000",
      "sec-fetch-site": "same-origin",
    });
    expect(sameOrigin.headers.get("x-middleware-next")).toBe("1");
    expect(call("POST", "/api/v1/alerts/rules", {}).headers.get("x-middleware-next")).toBe("1");
  });

  it("tells the page which path it renders (for the sign-in page's returnTo), whatever the browser claims", () => {
    const response = call("GET", "/logs?q=a&_rsc=x1", { "x-tracelight-path": "//evil.test" });
    expect(response.headers.get("x-middleware-request-x-tracelight-path")).toBe("/logs?q=a");
  });

  it("refuses a Host that is not a configured host name", async () => {
    const response = call("GET", "/services", { host: "rebind.attacker.test:3000" });
    expect(response.status).toBe(421);
    expect((await response.json()).error.message).toContain("TRACELIGHT_ALLOWED_HOSTS");
  });

  it("sets a fresh script nonce in the CSP, passed to the page, and the other security headers", () => {
    const first = call("GET", "/", {});
    const csp = first.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'self'");
    expect(/script-src [^;]*unsafe-inline/.test(csp)).toBe(false);
    // Next reads the nonce from the request's CSP; the layout from x-nonce.
    expect(first.headers.get("x-middleware-request-x-nonce")).toBe(nonce);
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(first.headers.get("referrer-policy")).toBe("same-origin");
    expect(first.headers.get("x-frame-options")).toBe("DENY");
    expect(call("GET", "/", {}).headers.get("content-security-policy")).not.toBe(csp);
  });
});
