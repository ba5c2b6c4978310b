// Which browser requests the web app and the query API answer: the Host must be a configured
// host name (a page on a rebinding DNS name reaches 127.0.0.1 with its own name as Host), and a
// write from a browser must come from Tracelight's own origin (a page elsewhere can make the
// victim's browser POST). Requests without Origin or Sec-Fetch-Site (curl, SDKs, the web's own
// calls to the api) are no browser's cross-site requests and pass.

export interface OriginPolicy {
  /** Host names (no port, lower case, IPv6 in brackets) a request's Host may name. */
  hosts: ReadonlySet<string>;
  /** Origins allowed besides the request's own (the public URL's, behind a reverse proxy). */
  origins: ReadonlySet<string>;
}

export interface RequestRefusal {
  status: 403 | 421;
  error: { code: "cross_origin" | "host_not_allowed"; message: string };
}

export interface RequestFacts {
  method: string;
  host: string | undefined;
  origin: string | undefined;
  secFetchSite: string | undefined;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** `Example.com:3000` → `example.com`, `[::1]:3000` → `[::1]`. */
export function hostName(host: string): string {
  const lower = host.trim().toLowerCase();
  if (lower.startsWith("[")) return lower.slice(0, lower.indexOf("]") + 1);
  const colon = lower.lastIndexOf(":");
  return colon === -1 ? lower : lower.slice(0, colon);
}

/**
 * The host names a request may name: `allowedHosts` when configured (a comma list), else
 * localhost, the loopback addresses, the public URL's host and the bind address when it is one.
 */
export function originPolicy(options: { allowedHosts: string; publicUrl: string; bindHost: string }): OriginPolicy {
  const publicUrl = new URL(options.publicUrl);
  const listed = options.allowedHosts
    .split(",")
    .map((h) => h.trim())
    .filter((h) => h.length > 0);
  const bind =
    options.bindHost.includes(":") && !options.bindHost.startsWith("[") ? `[${options.bindHost}]` : options.bindHost;
  const wildcard = ["0.0.0.0", "[::]"].includes(bind);
  const defaults = ["localhost", "127.0.0.1", "[::1]", publicUrl.hostname, ...(wildcard ? [] : [bind])];
  return {
    hosts: new Set((listed.length > 0 ? listed : defaults).map(hostName)),
    origins: new Set([publicUrl.origin]),
  };
}

function allowedOrigin(origin: string, host: string | undefined, policy: OriginPolicy): boolean {
  if (policy.origins.has(origin)) return true;
  try {
    // Same origin as the request itself, on an allowed host name (the port is part of it).
    const url = new URL(origin);
    return host !== undefined && url.host === host.toLowerCase() && policy.hosts.has(url.hostname);
  } catch {
    return false; // "null" (sandboxed frames, file:) and garbage
  }
}

/** Why a request is refused, or undefined when it may go on. */
export function refuseRequest(request: RequestFacts, policy: OriginPolicy): RequestRefusal | undefined {
  if (request.host !== undefined && !policy.hosts.has(hostName(request.host))) {
    return {
      status: 421,
      error: {
        code: "host_not_allowed",
        message: `Host "${hostName(request.host)}" is not one of this server's host names (${[...policy.hosts].join(", ")}); add it to TRACELIGHT_ALLOWED_HOSTS`,
      },
    };
  }
  if (SAFE_METHODS.has(request.method.toUpperCase())) return undefined;
  const crossSite = request.secFetchSite === "cross-site" || request.secFetchSite === "same-site";
  const origin = request.origin;
  if (origin === undefined ? !crossSite : allowedOrigin(origin, request.host, policy)) return undefined;
  return {
    status: 403,
    error: {
      code: "cross_origin",
      message: `a ${request.method} from ${origin ?? `a ${request.secFetchSite} page`} is refused: writes are accepted only from Tracelight's own origin (${[...policy.origins].join(", ")})`,
    },
  };
}
