// The web server's /api/v1 proxy against real HTTP: a small local server stands in for the
// query API (it records what arrives), and a closed port stands in for an api that is down.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let upstream: Server;
const seen: {
  url: string;
  method: string | undefined;
  accept: string | undefined;
  cookie: string | undefined;
  contentType: string | undefined;
}[] = [];

beforeAll(async () => {
  upstream = createServer((req, res) => {
    seen.push({
      url: req.url ?? "",
      method: req.method,
      accept: req.headers.accept,
      cookie: req.headers.cookie,
      contentType: req.headers["content-type"],
    });
    if (req.url?.startsWith("/api/v1/logs/tail")) {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write('event: logs\ndata: {"logs":[]}\n\n');
      res.end();
      return;
    }
    res.writeHead(req.url?.includes("missing") ? 404 : 200, {
      "content-type": "application/json",
      "set-cookie": "x=1",
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
  it("forwards path, query and accept, and returns the api's status and body", async () => {
    const response = await callProxy(["traces"], "?service=check%20out&attr=a%3D1", {
      accept: "application/json",
      cookie: "session=secret",
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ path: "/api/v1/traces?service=check%20out&attr=a%3D1" });
    const last = seen.at(-1);
    expect(last?.accept).toBe("application/json");
    // Only the headers the query API needs go through; the browser's cookies do not.
    expect(last?.cookie).toBeUndefined();
    expect(response.headers.get("set-cookie")).toBeNull();
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
});
