// The query API over real HTTP against browsers' forged requests: a page on another origin must
// not make the victim's browser trigger a channel's test-send, and a page reached through a
// rebinding DNS name must not read the API; curl-like clients and Tracelight's own origin pass.
import { request } from "node:http";
import type { Channel } from "@tracelight/contracts";
import { type HttpReceiver, startHttpReceiver } from "@tracelight/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callJson } from "./helpers/json-api.ts";
import { startTestService, type TestService } from "./helpers/service.ts";

let svc: TestService;
let apiHost: string;
let receiver: HttpReceiver;
let channel: Channel;

beforeAll(async () => {
  svc = await startTestService({ TRACELIGHT_PUBLIC_URL: "https://tracelight.example.com" }, { roles: "query" });
  apiHost = `127.0.0.1:${svc.service.ports.api}`;
  receiver = await startHttpReceiver();
  const url = `${receiver.url}/hook`;
  channel = (
    await callJson<Channel>(`http://${apiHost}/api/v1`, "POST", "/channels", { name: "ops", type: "webhook", url })
  ).body;
}, 120_000);

afterAll(async () => {
  await svc?.close();
  await receiver?.close();
});

/**
 * node:http, since fetch will not send a Host of our choosing; as the test admin, like fetch
 * (test/helpers/test-credentials.ts), unless the request carries a cookie.
 */
function send(method: string, path: string, headers: Record<string, string>) {
  const credentials = "cookie" in headers ? {} : { authorization: `Bearer ${svc.admin.token}` };
  return new Promise<{ status: number; body: Record<string, unknown>; headers: Record<string, unknown> }>(
    (resolve, reject) => {
      const req = request(`http://${apiHost}${path}`, { method, headers: { ...credentials, ...headers } }, (res) => {
        let text = "";
        res.on("data", (c) => {
          text += c;
        });
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : {}, headers: res.headers }),
        );
      });
      req.on("error", reject);
      req.end();
    },
  );
}

const testSend = (headers: Record<string, string>) => send("POST", `/api/v1/channels/${channel.id}/test`, headers);

describe("cross-origin writes", () => {
  it("refuses a cookie POST from another origin and sends nothing", async () => {
    const before = receiver.requests.length;
    const answer = await testSend({ origin: "https://evil.test", "sec-fetch-site": "cross-site", cookie: "s=1" });
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ error: { code: "cross_origin" } });
    expect(String((answer.body.error as { message: string }).message)).toContain("https://evil.test");
    const sameSite = await testSend({ origin: `http://127.0.0.1:${Number(svc.service.ports.api) + 1}` });
    expect(sameSite.status).toBe(403);
    expect((await testSend({ "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await send("DELETE", `/api/v1/channels/${channel.id}`, { origin: "null" })).status).toBe(403);
    expect(receiver.requests).toHaveLength(before);
  });

  it("lets headerless clients, the public URL's origin and the API's own origin write", async () => {
    const before = receiver.requests.length;
    expect((await testSend({})).status).toBe(202);
    expect((await testSend({ origin: "https://tracelight.example.com", "sec-fetch-site": "cross-site" })).status).toBe(
      202,
    );
    expect((await testSend({ origin: `http://${apiHost}`, "sec-fetch-site": "same-origin" })).status).toBe(202);
    expect(receiver.requests).toHaveLength(before + 3);
  });
});

describe("the Host header", () => {
  it("refuses a host name that is not configured, for reads too", async () => {
    const answer = await send("GET", "/api/v1/services", { host: `rebind.attacker.test:${svc.service.ports.api}` });
    expect(answer.status).toBe(421);
    expect(answer.body).toMatchObject({ error: { code: "host_not_allowed" } });
    expect(String((answer.body.error as { message: string }).message)).toContain("TRACELIGHT_ALLOWED_HOSTS");
    expect((await send("GET", "/api/v1/services", { host: `localhost:${svc.service.ports.api}` })).status).toBe(200);
    // Probes name the pod's address, whatever the configured names.
    expect((await send("GET", "/healthz", { host: "10.1.2.3:3001" })).status).toBe(200);
  });

  it("answers no CORS headers, even to a preflight", async () => {
    const preflight = await send("OPTIONS", "/api/v1/services", {
      origin: "https://evil.test",
      "access-control-request-method": "POST",
    });
    expect(preflight.headers["access-control-allow-origin"]).toBeUndefined();
    const read = await send("GET", "/api/v1/services", { origin: "https://evil.test" });
    expect(read.headers["access-control-allow-origin"]).toBeUndefined();
  });
});
