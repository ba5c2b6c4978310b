// Reads what the kernel copied of an HTTP/1.x exchange: the request line and headers (possibly
// cut short at the capture limit) and the response's status line.

export interface RequestHead {
  method: string;
  /** The request target as sent: origin form (`/a?b`) or absolute form (`http://h/a`). */
  target: string;
  path: string;
  query: string | undefined;
  /** "1.0" or "1.1". */
  version: string;
  /** Lowercased names; the first value wins. Headers past the capture limit are missing. */
  headers: ReadonlyMap<string, string>;
  /** The copy ended before the blank line that ends the head. */
  truncated: boolean;
}

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"]);
const REQUEST_LINE = /^([A-Z]+) (\S+) HTTP\/(1\.[01])$/;
const STATUS_LINE = /^HTTP\/1\.[01] (\d{3})(?:[ \r]|$)/;

/** The request head, or undefined when the bytes are not an HTTP/1.x request. */
export function parseRequestHead(bytes: Buffer): RequestHead | undefined {
  // latin1: header bytes map one to one.
  const text = bytes.toString("latin1");
  const headEnd = text.indexOf("\r\n\r\n");
  const head = headEnd < 0 ? text : text.slice(0, headEnd);
  const lines = head.split("\r\n");
  const match = REQUEST_LINE.exec(lines[0] ?? "");
  if (!match || !METHODS.has(match[1]!)) return undefined;
  const [, method, target, version] = match as unknown as [string, string, string, string];
  // With the head cut short, the last line may be a partial header: drop it.
  const complete = headEnd >= 0 ? lines.slice(1) : lines.slice(1, -1);
  const headers = new Map<string, string>();
  for (const line of complete) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  const { path, query } = splitTarget(target);
  return { method, target, path, query, version, headers, truncated: headEnd < 0 };
}

function splitTarget(target: string): { path: string; query: string | undefined } {
  let rest = target;
  if (!rest.startsWith("/")) {
    // Absolute form (a request through a proxy): keep the path part.
    const scheme = rest.indexOf("://");
    const slash = scheme >= 0 ? rest.indexOf("/", scheme + 3) : -1;
    rest = slash >= 0 ? rest.slice(slash) : "/";
  }
  const q = rest.indexOf("?");
  // Kept as sent (percent-encoded), as instrumentation libraries report url.path.
  return { path: q >= 0 ? rest.slice(0, q) : rest, query: q >= 0 ? rest.slice(q + 1) : undefined };
}

/** The status code of a response's first line, or undefined when it is not one. */
export function parseStatusCode(bytes: Buffer): number | undefined {
  const match = STATUS_LINE.exec(bytes.toString("latin1", 0, Math.min(bytes.length, 64)));
  return match ? Number(match[1]) : undefined;
}
