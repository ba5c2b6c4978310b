// The web server's /api/v1 and /api/auth proxies against real HTTP: a small local server stands
// in for the api (it records what arrives); a closed port stands in for an api that is down.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_REQUEST_BODY_BYTES } from "../src/server/capped-body.ts";

let upstream: Server;
const seen: {
  url: string;
  method: string | undefined;
  accept: string | undefined;
  cookie: string | undefined;
  authorization: string | undefined;
  forwardedFor: string | undefined;
  contentType: string | undefined;
  bodyBytes: number;
}[] = [];

beforeAll(async () => {
  upstream = createServer(async (req, res) => {
    let bodyBytes = 0;
    try {
      for await (const chunk of req) bodyBytes += (chunk as Buffer).length;
    } catch {
      return; // the proxy gave up on the body
    }
    seen.push({
      url: req.url ?? "",
      method: req.method,
      accept: req.headers.accept,
      cookie: req.headers.cookie,
      authorization: req.headers.authorization,
      forwardedFor: req.headers["x-forwarded-for"] as string | undefined,
      contentType: req.headers["content-type"],
      bodyBytes,
    });
    if (req.url?.startsWith("/api/v1/logs/tail")) {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write('event: logs\ndata: {"logs":[]}\n\n');
      res.end();
      return;
    }
    if (req.url?.startsWith("/api/auth/sso/callback")) {
      res.writeHead(302, { location: "/alerts", "set-cookie": "tracelight.session=abc; Path=/; HttpOnly" });
      res.end();
      return;
    }
    res.writeHead(req.url?.includes("missing") ? 404 : 200, {
      "content-type": "application/json",
      "set-cookie": ["a=1; Path=/", "b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT; HttpOnly"],
    });
    res.end(JSON.stringify({ path: req.url }));
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  process.env.TRACELIGHT_API_URL = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => upstream.close(() => resolve())));

async function callProxy(path: string[], search = "", headers: Record<string, string> = {}) {
  const { GET } = await import("../src/app/api/v1/[...path]/route.ts");
  const request = new Request(`http://web.test/api/v1/${path.join("/")}${search}`, { headers });
  return GET(request, { params: Promise.resolve({ path }) });
}

describe("the /api/v1 proxy", () => {
  it("forwards path, query, accept and credentials, and returns the api's status, body and every cookie", async () => {
    const response = await callProxy(["traces"], "?service=check%20out&attr=a%3D1", {
      accept: "application/json",
      cookie: "tracelight.session=secret",
      authorization: "Bearer tl_api_x",
      "x-forwarded-for": "203.0.113.9, 198.51.100.7",
      "user-agent": "test",
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ path: "/api/v1/traces?service=check%20out&attr=a%3D1" });
    expect(seen.at(-1)).toMatchObject({
      accept: "application/json",
      cookie: "tracelight.session=secret",
      authorization: "Bearer tl_api_x",
      // The entry the nearest proxy added, not what the browser claimed before it.
      forwardedFor: "198.51.100.7",
    });
    expect(response.headers.getSetCookie()).toEqual([
      "a=1; Path=/",
      "b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT; HttpOnly",
    ]);
  });

  it("sends /api/auth to the api's auth endpoints and passes their redirect through unfollowed", async () => {
    const { GET } = await import("../src/app/api/auth/[...path]/route.ts");
    const path = ["sso", "callback", "oidc"];
    const request = new Request("http://web.test/api/auth/sso/callback/oidc?code=c&state=s", {
      headers: { cookie: "tracelight.state=s" },
    });
    const response = await GET(request, { params: Promise.resolve({ path }) });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/alerts");
    expect(response.headers.getSetCookie()).toEqual(["tracelight.session=abc; Path=/; HttpOnly"]);
    expect(seen.at(-1)).toMatchObject({
      url: "/api/auth/sso/callback/oidc?code=c&state=s",
      cookie: "tracelight.state=s",
    });
  });

  it("passes a 404 through and encodes path segments", async () => {
    const response = await callProxy(["traces", "missing/../x"]);
    expect(response.status).toBe(404);
    expect(seen.at(-1)?.url).toBe("/api/v1/traces/missing%2F..%2Fx");
  });

  it("sends a bodiless DELETE on without its JSON content type", async () => {
    const { DELETE } = await import("../src/app/api/v1/[...path]/route.ts");
    const request = new Request("http://web.test/api/v1/channels/c1", {
      method: "DELETE",
      headers: { "content-type": "application/json" },
    });
    const response = await DELETE(request, { params: Promise.resolve({ path: ["channels", "c1"] }) });
    expect(response.status).toBe(200);
    expect(seen.at(-1)).toMatchObject({ url: "/api/v1/channels/c1", method: "DELETE", contentType: undefined });
  });

  it("streams Server-Sent Events with buffering off", async () => {
    const response = await callProxy(["logs", "tail"]);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(response.headers.get("x-accel-buffering")).toBe("no");
    expect(await response.text()).toContain("event: logs");
  });

  it("streams a request body through, and refuses one over the cap with 413", async () => {
    const { POST } = await import("../src/app/api/v1/[...path]/route.ts");
    const post = (body: BodyInit, headers: Record<string, string> = {}) =>
      POST(
        new Request("http://web.test/api/v1/alert-rules", {
          method: "POST",
          body,
          headers,
          duplex: "half",
        } as RequestInit),
        {
          params: Promise.resolve({ path: ["alert-rules"] }),
        },
      );
    const small = await post(JSON.stringify({ name: "r" }), { "content-type": "application/json" });
    expect(small.status).toBe(200);
    expect(seen.at(-1)).toMatchObject({ method: "POST", contentType: "application/json", bodyBytes: 12 });

    const before = seen.length;
    const declared = await post("x", { "content-length": String(MAX_REQUEST_BODY_BYTES + 1) });
    expect(declared.status).toBe(413);
    // No length declared: a stream that keeps going is cut off once past the cap.
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const streamed = await post(endless);
    expect(streamed.status).toBe(413);
    expect((await streamed.json()).error.code).toBe("too_large");
    expect(sent).toBeLessThan(MAX_REQUEST_BODY_BYTES + 512 * 1024);
    expect(seen.length).toBe(before);
  });
});
