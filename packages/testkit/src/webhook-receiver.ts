// A webhook endpoint for notification tests, e2e specs and bench:alerts (the test kit's HTTP
// receiver): it records every delivery and can fail the first few to exercise retries.
import { type HttpReceiver, startHttpReceiver } from "./http-receiver.ts";

export interface Notification {
  /** Where it was posted: a channel's URL may add a path to tell channels apart. */
  path: string;
  body: Record<string, unknown>;
}

export interface WebhookReceiver extends HttpReceiver {
  /** The JSON bodies answered 2xx, oldest first. */
  readonly received: Notification[];
}

export interface WebhookReceiverOptions {
  /** Default: any free one. */
  port?: number;
  /** Answer 500 to this many requests first (default 0). */
  failFirst?: number;
}

/** Answers 200 (after `failFirst` 500s); a body that is not JSON gets 400. */
export async function startWebhookReceiver(options: WebhookReceiverOptions = {}): Promise<WebhookReceiver> {
  const receiver = await startHttpReceiver(options.port);
  const failFirst = options.failFirst ?? 0;
  const bodies = new WeakMap<object, Record<string, unknown>>();
  receiver.answer = (request, index) => {
    if (index < failFirst) return { status: 500, body: "receiver down" };
    try {
      bodies.set(request, JSON.parse(request.body.toString("utf8")) as Record<string, unknown>);
    } catch {
      return { status: 400, body: "not JSON" };
    }
    return { status: 200, headers: { "content-type": "text/plain" }, body: "ok" };
  };
  return Object.defineProperty(receiver as WebhookReceiver, "received", {
    get: () =>
      receiver.requests.flatMap((r) => {
        const body = bodies.get(r);
        return body === undefined ? [] : [{ path: r.path, body }];
      }),
  });
}
