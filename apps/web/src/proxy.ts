// Next's proxy, in front of every request: refuses a Host that is not a configured host name
// (DNS rebinding) and a browser's write from another origin (the /api/v1 proxy would carry it
// to the query API, whose own check sees only this server's headerless call); then sets the
// security headers, with the CSP nonce Next reads from the request to mark its scripts.
import { refuseRequest } from "@tracelight/contracts";
import { type NextRequest, NextResponse } from "next/server";
import { originPolicy } from "./server/env.ts";
import { PATH_HEADER } from "./server/path-header.ts";
import { contentSecurityPolicy, newNonce, SECURITY_HEADERS } from "./server/security-headers.ts";

export function proxy(request: NextRequest): NextResponse {
  const refusal = refuseRequest(
    {
      method: request.method,
      host: request.headers.get("host") ?? undefined,
      origin: request.headers.get("origin") ?? undefined,
      secFetchSite: request.headers.get("sec-fetch-site") ?? undefined,
    },
    originPolicy,
  );
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  let response: NextResponse;
  if (refusal) {
    response = NextResponse.json({ error: refusal.error }, { status: refusal.status });
  } else {
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set("x-nonce", nonce);
    requestHeaders.set("content-security-policy", csp);
    // Server components have no URL; requireUser() reads the page's path from here for returnTo.
    const page = new URL(request.nextUrl);
    page.searchParams.delete("_rsc");
    requestHeaders.set(PATH_HEADER, page.pathname + page.search);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  response.headers.set("content-security-policy", csp);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}
