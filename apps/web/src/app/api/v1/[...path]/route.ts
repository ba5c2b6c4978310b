// /api/v1/* → the api service's query API. The browser only ever talks to this app; bodies
// stream through both ways (live tail is Server-Sent Events), a request body is capped at
// MAX_REQUEST_BODY_BYTES (413, never buffered whole), and an unreachable api is a clear 502.
import { BodyTooLarge, cappedBody, MAX_REQUEST_BODY_BYTES } from "../../../../server/capped-body.ts";
import { apiBaseUrl } from "../../../../server/env.ts";

export const dynamic = "force-dynamic";

const FORWARDED_REQUEST_HEADERS = ["accept", "content-type", "last-event-id"];
const FORWARDED_RESPONSE_HEADERS = ["content-type", "cache-control", "retry-after"];

const tooLarge = () =>
  Response.json(
    { error: { code: "too_large", message: `request body over ${MAX_REQUEST_BODY_BYTES} bytes` } },
    { status: 413 },
  );

async function proxy(request: Request, context: { params: Promise<{ path: string[] }> }): Promise<Response> {
  const { path } = await context.params;
  const search = new URL(request.url).search;
  const target = `${apiBaseUrl}/api/v1/${path.map(encodeURIComponent).join("/")}${search}`;
  const headers = new Headers();
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  if (Number(request.headers.get("content-length") ?? 0) > MAX_REQUEST_BODY_BYTES) return tooLarge();
  const body = request.method === "GET" || request.method === "HEAD" ? undefined : await cappedBody(request);
  // A bodiless DELETE often comes with `content-type: application/json`; sent on as a bodiless
  // request without that type, no JSON parser can refuse it as an empty JSON body.
  if (body === undefined) headers.delete("content-type");
  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method: request.method,
      headers,
      body,
      signal: request.signal,
      cache: "no-store",
      // A stream body is sent as it is read (fetch requires saying so).
      ...(body ? { duplex: "half" } : {}),
    } as RequestInit);
  } catch (error) {
    if (error instanceof BodyTooLarge || (error as Error).cause instanceof BodyTooLarge) return tooLarge();
    const reason = error instanceof Error ? error.message : String(error);
    return Response.json(
      { error: { code: "api_unreachable", message: `the query API at ${apiBaseUrl} did not answer (${reason})` } },
      { status: 502 },
    );
  }
  const responseHeaders = new Headers();
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const value = upstream.headers.get(name);
    if (value !== null) responseHeaders.set(name, value);
  }
  if (upstream.headers.get("content-type")?.startsWith("text/event-stream")) {
    responseHeaders.set("cache-control", "no-cache, no-transform");
    responseHeaders.set("x-accel-buffering", "no");
  }
  return new Response(upstream.body, { status: upstream.status, headers: responseHeaders });
}

export { proxy as DELETE, proxy as GET, proxy as POST, proxy as PUT };
