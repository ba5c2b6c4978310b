// Egress safety of notifications over the real service (HTTP, metadata DB, dispatcher): refused
// metadata addresses, also behind a name and behind a name whose DNS answer changes; test-sends
// and the delivery log that never carry the receiver's body; channel URLs masked in every GET and
// kept when the masked URL is put back; silence regexes on RE2.
// This machine has no DNS for names other than localhost: a stub resolver stands in for it (the
// service's resolveHost option); egress-policy.test.ts runs the real resolver with localhost.
import type { ApiError, Channel, ChannelsResponse, DeliveriesResponse, Delivery, Silence } from "@tracelight/contracts";
import { type Answer, type HttpReceiver, startHttpReceiver } from "@tracelight/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Resolver } from "../src/egress/egress-policy.ts";
import { callJson } from "./helpers/json-api.ts";
import { startTestService, type TestService } from "./helpers/service.ts";

const INTERNAL_BODY = "root:x:0:0 internal-secret-answer";

let svc: TestService;
let api: string;
let receiver: HttpReceiver;
let port: number;
/** The stub's answers; a test changes one to play DNS rebinding. */
const dnsAnswers = new Map<string, string>([
  ["metadata.example", "169.254.169.254"],
  ["v6-metadata.example", "fd00:ec2::254"],
  ["hook.example", "127.0.0.1"],
]);
const stubResolver: Resolver = async (host) => {
  const address = dnsAnswers.get(host);
  if (address === undefined) throw Object.assign(new Error(`no such name ${host}`), { code: "ENOTFOUND" });
  return [{ address, family: address.includes(":") ? 6 : 4 }];
};

const call = <T>(method: string, path: string, body?: unknown) => callJson<T>(api, method, path, body);

beforeAll(async () => {
  svc = await startTestService({}, { roles: "query", resolveHost: stubResolver });
  api = `http://127.0.0.1:${svc.service.ports.api}/api/v1`;
  receiver = await startHttpReceiver();
  receiver.answer = ({ path }): Answer => {
    if (path.startsWith("/fail"))
      return { status: 500, headers: { "content-type": "text/plain" }, body: INTERNAL_BODY };
    if (path.startsWith("/moved")) return { status: 302, headers: { location: "http://169.254.169.254/" } };
    return { status: 200, body: INTERNAL_BODY };
  };
  port = receiver.port;
});

afterAll(async () => {
  await receiver.close();
  await svc.close();
});

describe("channel URLs the egress policy refuses", () => {
  it.each([
    ["http://169.254.169.254/latest/meta-data/", "169.254.169.254 is link-local or cloud metadata"],
    ["http://[::ffff:169.254.169.254]/", "::ffff:a9fe:a9fe is link-local or cloud metadata"],
    ["http://[fe80::1]:8080/", "fe80::1 is link-local or cloud metadata"],
    ["http://[fd00:ec2::254]/", "fd00:ec2::254 is link-local or cloud metadata"],
    ["http://metadata.google.internal/computeMetadata/v1/", "metadata.google.internal is a cloud metadata service"],
    ["http://metadata.example/", "metadata.example resolves to 169.254.169.254, which is link-local or cloud metadata"],
    [
      "http://v6-metadata.example/",
      "v6-metadata.example resolves to fd00:ec2::254, which is link-local or cloud metadata",
    ],
    ["file:///etc/passwd", "must be an http:// or https:// URL"],
  ])("%s is a 400 naming the url", async (url, reason) => {
    const answer = await call<ApiError>("POST", "/channels", { name: `c-${url}`, type: "webhook", url });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toContain(`url: `);
    expect(answer.body.error.message).toContain(reason);
  });

  it("a name that resolves to the metadata address at send time (DNS rebinding) is refused and logged, not called", async () => {
    dnsAnswers.set("rebind.example", "127.0.0.1");
    const created = await call<Channel>("POST", "/channels", {
      name: "rebinding",
      type: "webhook",
      url: `http://rebind.example:${port}/rebind`,
    });
    expect(created.status).toBe(201);
    dnsAnswers.set("rebind.example", "169.254.169.254");
    const sent = await call<{ delivery: Delivery }>("POST", `/channels/${created.body.id}/test`);
    expect(sent.status).toBe(202);
    expect(sent.body.delivery).toMatchObject({
      status: "failed",
      attempts: 1,
      responseStatus: null,
      lastError: "refused: rebind.example resolves to 169.254.169.254, which is link-local or cloud metadata",
    });
    expect(receiver.requests.some((r) => r.path === "/rebind")).toBe(false);
    const log = await call<DeliveriesResponse>("GET", `/channels/${created.body.id}/deliveries`);
    expect(log.body.deliveries.map((d) => d.lastError)).toEqual([sent.body.delivery.lastError]);
  });

  it("a name resolving to loopback is called: loopback and private ranges stay allowed by default", async () => {
    const created = await call<Channel>("POST", "/channels", {
      name: "by-name",
      type: "webhook",
      url: `http://hook.example:${port}/by-name`,
    });
    expect(created.status).toBe(201);
    const sent = await call<{ delivery: Delivery }>("POST", `/channels/${created.body.id}/test`);
    expect(sent.body.delivery).toMatchObject({ status: "sent", responseStatus: 200, lastError: null });
    expect(receiver.requests.find((r) => r.path === "/by-name")?.headers.host).toBe(`hook.example:${port}`);
  });
});

describe("test-send and the delivery log", () => {
  it("record the status and a classified error, never the receiver's body", async () => {
    for (const [name, path, lastError] of [
      ["fails", "/fail", "HTTP 500"],
      ["moves", "/moved", "HTTP 302 (redirects are not followed)"],
      ["answers", "/ok", null],
    ] as const) {
      const created = await call<Channel>("POST", "/channels", {
        name,
        type: "webhook",
        url: `http://127.0.0.1:${port}${path}`,
      });
      const sent = await call<{ delivery: Delivery }>("POST", `/channels/${created.body.id}/test`);
      expect(sent.body.delivery.lastError).toBe(lastError);
      expect(JSON.stringify(sent.body)).not.toContain("internal-secret-answer");
      const log = await call<DeliveriesResponse>("GET", `/channels/${created.body.id}/deliveries`);
      expect(log.body.deliveries.map((d) => d.lastError)).toEqual([lastError]);
      expect(JSON.stringify(log.body)).not.toContain("internal-secret-answer");
    }
    // 169.254.169.254 from the redirect was not followed.
    expect(receiver.requests.filter((r) => r.path === "/moved")).toHaveLength(1);
  });
});

describe("channel URLs with credentials", () => {
  it("are masked in every GET; a PUT of the masked URL keeps the stored one", async () => {
    const url = `http://bot:hunter2@127.0.0.1:${port}/secret/abcdef0123456789abcdef?token=s3cr3t`;
    const masked = `http://***:***@127.0.0.1:${port}/secret/***?token=***`;
    const created = await call<Channel>("POST", "/channels", { name: "with-credentials", type: "webhook", url });
    expect(created.body.url).toBe(masked);
    expect((await call<Channel>("GET", `/channels/${created.body.id}`)).body.url).toBe(masked);
    const list = await call<ChannelsResponse>("GET", "/channels");
    expect(list.body.channels.find((c) => c.id === created.body.id)?.url).toBe(masked);
    expect(JSON.stringify(list.body)).not.toMatch(/hunter2|s3cr3t|abcdef0123456789abcdef/);

    const renamed = await call<Channel>("PUT", `/channels/${created.body.id}`, {
      name: "with-credentials-2",
      type: "webhook",
      url: masked,
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: "with-credentials-2", url: masked });
    // The stored URL, credentials and all, is what the test-send calls.
    await call("POST", `/channels/${created.body.id}/test`);
    const hit = receiver.requests.find((r) => r.path.startsWith("/secret/"));
    expect(hit?.path).toBe("/secret/abcdef0123456789abcdef?token=s3cr3t");
    expect(hit?.headers.authorization).toBe(`Basic ${Buffer.from("bot:hunter2").toString("base64")}`);

    const changed = await call<Channel>("PUT", `/channels/${created.body.id}`, {
      name: "with-credentials-2",
      type: "webhook",
      url: `http://127.0.0.1:${port}/plain`,
    });
    expect(changed.body.url).toBe(`http://127.0.0.1:${port}/plain`);
  });
});

describe("silence matchers", () => {
  it("take RE2 patterns, catastrophic ones too; refuse what RE2 cannot compile naming the matcher", async () => {
    const body = (value: string) => ({
      matchers: [
        { label: "alertname", op: "=", value: "x" },
        { label: "service.name", op: "=~", value },
      ],
      duration: "1h",
    });
    // Its linear time is measured in-process (packages/alerts/src/others.test.ts): an HTTP
    // round trip's wall clock says more about the machine's load than about the engine.
    const made = await call<Silence>("POST", "/silences", body("(a+)+b"));
    expect(made.status).toBe(201);
    for (const value of ["(a)\\1", "(?=a)a", "a".repeat(1001)]) {
      const refused = await call<ApiError>("POST", "/silences", body(value));
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toMatch(/^matchers\.1\.value: /);
    }
  });
});
