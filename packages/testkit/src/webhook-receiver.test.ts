import { afterEach, describe, expect, it } from "vitest";
import { startWebhookReceiver, type WebhookReceiver } from "./webhook-receiver.ts";

let receiver: WebhookReceiver | undefined;
afterEach(() => receiver?.close());

const post = (url: string, body: string) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body }).then(async (r) => {
    await r.text();
    return r.status;
  });

describe("startWebhookReceiver", () => {
  it("keeps the JSON bodies it answered 200, with their paths, oldest first", async () => {
    receiver = await startWebhookReceiver();
    expect(await post(`${receiver.url}/ops`, JSON.stringify({ n: 1 }))).toBe(200);
    expect(await post(`${receiver.url}/oncall`, JSON.stringify({ n: 2 }))).toBe(200);
    expect(receiver.received).toEqual([
      { path: "/ops", body: { n: 1 } },
      { path: "/oncall", body: { n: 2 } },
    ]);
  });

  it("fails the first `failFirst` with 500 and does not count them; a body that is not JSON gets 400", async () => {
    receiver = await startWebhookReceiver({ failFirst: 2 });
    const statuses = [];
    for (let n = 1; n <= 3; n++) statuses.push(await post(receiver.url, JSON.stringify({ n })));
    expect(statuses).toEqual([500, 500, 200]);
    expect(await post(receiver.url, "not json")).toBe(400);
    expect(receiver.received.map((r) => r.body)).toEqual([{ n: 3 }]);
    expect(receiver.requests.map((r) => r.status)).toEqual([500, 500, 200, 400]);
  });

  it("listens on the port it is given", async () => {
    const first = await startWebhookReceiver();
    const { port } = first;
    await first.close();
    receiver = await startWebhookReceiver({ port });
    expect(receiver.url).toBe(`http://127.0.0.1:${port}`);
    expect(await post(receiver.url, "{}")).toBe(200);
  });
});
