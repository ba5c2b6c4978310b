// The trace search (search language, packages/search-query) that finds a caller's calls to a
// peer again: the inverse of how migration 0009's view names a peer from the span's attributes.
// Pure. Older attribute names sit beside the newer ones, as the view reads either.

const quote = (value: string) => `"${value.replace(/[\\"]/g, "\\$&")}"`;
const is = (key: string, value: string) => `${key}:${quote(value)}`;
const anyOf = (terms: readonly string[]) => (terms.length === 1 ? (terms[0] as string) : `(${terms.join(" OR ")})`);

/** `system` or `system/rest`: a database's namespace or a messaging destination after the first slash. */
function systemAnd(keys: readonly string[], restKeys: readonly string[], peer: string): string {
  const slash = peer.indexOf("/");
  const system = slash < 0 ? peer : peer.slice(0, slash);
  const terms = [anyOf(keys.map((k) => is(k, system)))];
  if (slash >= 0) terms.push(anyOf(restKeys.map((k) => is(k, peer.slice(slash + 1)))));
  return terms.join(" ");
}

/** `host`, `host:port`, `[ipv6]` or `[ipv6]:port`. */
function address(hostKey: string, portKey: string, peer: string): string {
  const m = /^\[(.*)\](?::(\d+))?$/.exec(peer) ?? /^([^:]*)(?::(\d+))?$/.exec(peer);
  if (m === null) return is(hostKey, peer);
  const [, host = "", port] = m;
  return port === undefined ? is(hostKey, host) : `${is(hostKey, host)} ${portKey}:${port}`;
}

function byAttribute(attr: string, peer: string): string | undefined {
  switch (attr) {
    case "db.system.name":
    case "db.system":
      return systemAnd([attr], ["db.namespace", "db.name"], peer);
    case "messaging.system":
      return systemAnd([attr], ["messaging.destination.name", "messaging.destination"], peer);
    case "server.address":
      return address(attr, "server.port", peer);
    case "net.peer.name":
      return address(attr, "net.peer.port", peer);
    case "url.full":
    case "http.url":
      // A trailing * is a prefix match; a host with characters a bare word cannot hold is left out.
      return /^[\w.-]+$/.test(peer) ? `(${attr}:http://${peer}* OR ${attr}:https://${peer}*)` : undefined;
    case "peer.service":
    case "http.host":
      return is(attr, peer);
    default:
      return undefined;
  }
}

/**
 * The caller's client and producer spans that named `peer` through any of `attrs` (the
 * attributes that named it in the rows read), for trace search with service = the caller.
 */
export function peerSearch(attrs: readonly string[], peer: string): string | undefined {
  const terms = [...new Set(attrs)]
    .sort()
    .map((a) => byAttribute(a, peer))
    .filter((t): t is string => t !== undefined);
  if (terms.length === 0) return undefined;
  return `(kind:client OR kind:producer) ${terms.length === 1 ? terms[0] : anyOf(terms.map((t) => `(${t})`))}`;
}
