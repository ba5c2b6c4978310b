// Browser-side safety against the built web server and the api: a page on another origin cannot
// make the browser write through the web's /api/v1 proxy (CSRF), a rebinding DNS name is refused,
// nothing answers CORS, and pages carry the security headers, their scripts the CSP's nonce.
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "../fixtures.ts";
import { channelDeliveries, createWebhookChannel, deleteChannel } from "../support/alerts-api.ts";
import { authHeaders } from "../support/api-auth.ts";
import { urls } from "../support/env.ts";

/** node:http, since fetch will not send a Host of our choosing. */
function send(method: string, url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      res.resume().on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on("error", reject);
    req.end();
  });
}

test("a page on another origin cannot trigger a channel's test-send", async ({ page, step }) => {
  // Port 9 is closed: a test-send that got through would log a failed delivery.
  const channel = await createWebhookChannel("csrf target", "http://127.0.0.1:9/never");
  const target = `${urls.web}/api/v1/channels/${channel.id}/test`;
  try {
    await step("a POST from another origin is refused and sends nothing", async () => {
      // A page served from loopback, as Chromium lets only those reach 127.0.0.1 (Private
      // Network Access), on another origin than the UI.
      const elsewhere = createServer((_req, res) =>
        res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>elsewhere</title>"),
      );
      await new Promise<void>((resolve) => elsewhere.listen(0, "127.0.0.1", resolve));
      await page.goto(`http://localhost:${(elsewhere.address() as AddressInfo).port}/`);
      elsewhere.close();
      const answered = page.waitForResponse(target);
      const outcome = await page.evaluate(
        (url) =>
          fetch(url, { method: "POST", mode: "no-cors", credentials: "include" }).then(
            (r) => r.type,
            (e: unknown) => String(e),
          ),
        target,
      );
      expect(outcome).toBe("opaque");
      expect((await answered).status()).toBe(403);
      expect((await channelDeliveries(channel.id)).deliveries).toEqual([]);
    });
    await step("the UI's own POST goes through", async () => {
      await page.goto(urls.web);
      const status = await page.evaluate(async (url) => (await fetch(url, { method: "POST" })).status, target);
      expect(status).toBe(202);
      expect((await channelDeliveries(channel.id)).deliveries).toHaveLength(1);
    });
  } finally {
    await deleteChannel(channel.id);
  }
});

test("pages carry the security headers, their scripts a fresh nonce", async ({ page }) => {
  const response = await page.goto(`${urls.web}/services`);
  const headers = response?.headers() ?? {};
  const csp = headers["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'(;|$)/);
  for (const directive of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'"]) {
    expect(csp).toContain(directive);
  }
  expect(headers).toMatchObject({
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
  });
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  const scriptNonces = await page
    .locator("script")
    .evaluateAll((scripts) => scripts.map((s) => (s as HTMLScriptElement).nonce));
  expect(scriptNonces.length).toBeGreaterThan(1);
  expect(new Set(scriptNonces)).toEqual(new Set([nonce]));
  const again = (await page.reload())?.headers()["content-security-policy"];
  expect(again).not.toBe(csp);
});

test("the web and the api refuse a rebinding DNS name and answer no CORS", async () => {
  for (const base of [urls.web, urls.api]) {
    const { port } = new URL(base);
    // Signed in (an admin API token): the refusals come before who is asking.
    const auth = authHeaders();
    const rebound = await send("GET", `${base}/api/v1/services`, { ...auth, host: `rebind.attacker.test:${port}` });
    expect(rebound.status, base).toBe(421);
    const read = await send("GET", `${base}/api/v1/services`, { ...auth, origin: "https://elsewhere.test" });
    expect(read.status, base).toBe(200);
    expect(read.headers["access-control-allow-origin"], base).toBeUndefined();
    const write = await send("POST", `${base}/api/v1/channels/none/test`, {
      ...auth,
      origin: "https://elsewhere.test",
    });
    expect(write.status, base).toBe(403);
  }
});
