// A browser request passed on to the api service: /api/v1/* (the query API) and /api/auth/*
// (better-auth's own endpoints, such as the OpenID Connect callback). The browser only ever
// talks to this app; bodies stream through both ways (live tail is Server-Sent Events), a
// request body is capped at MAX_REQUEST_BODY_BYTES (413, never buffered whole), credentials
// (cookie, bearer token) go through and every Set-Cookie comes back, redirects reach the browser
// unfollowed, and an unreachable api is a clear 502.
import { BodyTooLarge, cappedBody, MAX_REQUEST_BODY_BYTES } from "./capped-body.ts";
import { clientAddress } from "./client-address.ts";
import { apiBaseUrl } from "./env.ts";
import { webSelfTelemetry } from "./self-telemetry-registry.ts";

const FORWARDED_REQUEST_HEADERS = ["accept", "content-type", "last-event-id", "cookie", "authorization"];
const FORWARDED_RESPONSE_HEADERS = ["content-type", "cache-control", "retry-after", "location"];

export interface ProxyContext {
  params: Promise<{ path: string[] }>;
}

const tooLarge = () =>
  Response.json(
    { error: { code: "too_large", message: `request body over ${MAX_REQUEST_BODY_BYTES} bytes` } },
    { status: 413 },
  );

/** A route handler that sends `<prefix>/<path>` to the api; `prefix` is "/api/v1" or "/api/auth". */
export function apiProxy(prefix: string) {
  return async function proxy(request: Request, context: ProxyContext): Promise<Response> {
    const { path } = await context.params;
    const search = new URL(request.url).search;
    const target = `${apiBaseUrl}${prefix}/${path.map(encodeURIComponent).join("/")}${search}`;
    const headers = new Headers();
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = request.headers.get(name);
      if (value !== null) headers.set(name, value);
    }
    // The api trusts this header from loopback only, for its per-address sign-in limit and audit.
    const address = clientAddress(request.headers);
    if (address !== undefined) headers.set("x-forwarded-for", address);
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
        // The OpenID Connect start and callback answer with redirects meant for the browser.
        redirect: "manual",
        // A stream body is sent as it is read (fetch requires saying so).
        ...(body ? { duplex: "half" } : {}),
      } as RequestInit);
    } catch (error) {
      if (error instanceof BodyTooLarge || (error as Error).cause instanceof BodyTooLarge) return tooLarge();
      const reason = error instanceof Error ? error.message : String(error);
      webSelfTelemetry()?.upstreamError(prefix);
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
    // One header per cookie: joined with commas they would not parse (dates in Expires have one).
    for (const cookie of upstream.headers.getSetCookie()) responseHeaders.append("set-cookie", cookie);
    if (upstream.headers.get("content-type")?.startsWith("text/event-stream")) {
      responseHeaders.set("cache-control", "no-cache, no-transform");
      responseHeaders.set("x-accel-buffering", "no");
    }
    return new Response(upstream.body, { status: upstream.status, headers: responseHeaders });
  };
}
