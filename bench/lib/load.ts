// Sends generated OTLP/HTTP protobuf requests to the api with a fixed number of requests in
// flight, counting what was acknowledged and what was refused (429/503).
import { Agent, request } from "node:http";
import type { Socket } from "node:net";
import { stamp, type Template } from "./dataset.ts";

export interface LoadPlan {
  url: string;
  templates: Template[];
  requests: number;
  concurrency: number;
  /** Where request k's timestamps start (unix ns). */
  baseNs: (k: number) => bigint;
  onProgress?: (acknowledgedItems: number) => void;
  /** Stop sending after this many ms (for overload runs). */
  deadlineMs?: number;
}

export interface LoadResult {
  acknowledgedItems: number;
  acknowledgedRequests: number;
  refused: number;
  failed: number;
  errors: string[];
  seconds: number;
}

/** Sockets given a listener for errors after their request's answer (see post()). */
const guarded = new WeakSet<Socket>();

/** POSTs an OTLP protobuf body; resolves with the status and body text, whatever the status. */
export function post(agent: Agent, url: URL, body: Uint8Array): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: "POST", agent, headers: { "content-type": "application/x-protobuf", "content-length": body.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("latin1") }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    // A refused request is answered before its body is read and its connection closed: writing
    // the rest of a large body then fails (EPIPE) on the socket, after the answer was counted.
    req.on("socket", (socket) => {
      if (guarded.has(socket)) return;
      guarded.add(socket);
      socket.on("error", () => {});
    });
    req.end(body);
  });
}

export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: plan.concurrency });
  const url = new URL(plan.url);
  const result: LoadResult = {
    acknowledgedItems: 0,
    acknowledgedRequests: 0,
    refused: 0,
    failed: 0,
    errors: [],
    seconds: 0,
  };
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < plan.requests) {
      if (plan.deadlineMs !== undefined && performance.now() - started > plan.deadlineMs) return;
      const k = next++;
      const template = plan.templates[k % plan.templates.length]!;
      const body = stamp(template, k, plan.baseNs(k));
      try {
        const { status, text } = await post(agent, url, body);
        if (status === 200) {
          result.acknowledgedItems += template.items;
          result.acknowledgedRequests++;
        } else if (status === 429 || status === 503) result.refused++;
        else {
          result.failed++;
          if (result.errors.length < 5) result.errors.push(`${status} ${text.slice(0, 200)}`);
        }
      } catch (error) {
        result.failed++;
        if (result.errors.length < 5) result.errors.push(String(error));
      }
      plan.onProgress?.(result.acknowledgedItems);
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, worker));
  result.seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return result;
}
