// The route of a request path, for span names and metric series: a configured pattern when one
// matches (`/users/:id`), else the path with its ID-like segments replaced by `{id}`. Metric
// series stay bounded: past a per-service limit of distinct routes, new ones share `/{other}`.

export const OTHER_ROUTE = "/{other}";
const PATH_CACHE_SIZE = 4096;
const ID = "{id}";

const NUMBER = /^-?\d+(\.\d+)?$/;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
/** Hex of 8+ characters with at least one digit (hashes, object IDs), not a word like "deadbeef". */
const HEX_ID = /^(?=.*\d)[0-9a-f]{8,}$/i;
/** Long tokens mixing letters and digits (base64/base62 IDs, slugs with a numeric id part). */
const TOKEN = /^(?=.*\d)(?=.*[a-z])[\w-]{16,}$/i;
/** A word and a number: `sku-21`, `order_7`, `inv12345`; a short number needs the separator, so `v2` stays. */
const MIXED_ID = /^[a-z]+([-_]\d+|\d{3,})$/i;

function isIdLike(segment: string): boolean {
  return (
    NUMBER.test(segment) ||
    UUID.test(segment) ||
    HEX_ID.test(segment) ||
    TOKEN.test(segment) ||
    MIXED_ID.test(segment) ||
    segment.includes("@")
  );
}

interface CompiledPattern {
  route: string;
  segments: readonly string[];
}

function compile(pattern: string): CompiledPattern {
  return { route: pattern, segments: pattern.split("/").slice(1) };
}

const isParam = (s: string) => s.startsWith(":") || (s.startsWith("{") && s.endsWith("}")) || s === "*";

function matches(pattern: CompiledPattern, segments: readonly string[]): boolean {
  const last = pattern.segments.at(-1);
  // A trailing `*` takes the rest of the path.
  if (last === "**") {
    if (segments.length < pattern.segments.length - 1) return false;
  } else if (segments.length !== pattern.segments.length) return false;
  for (let i = 0; i < pattern.segments.length; i++) {
    const p = pattern.segments[i]!;
    if (p === "**") return true;
    if (!isParam(p) && p !== segments[i]) return false;
  }
  return true;
}

/** The route of `path` by the heuristic alone. */
export function heuristicRoute(path: string): string {
  if (path === "" || path === "/") return "/";
  const segments = path.split("/").slice(1);
  return `/${segments.map((s) => (isIdLike(s) ? ID : s)).join("/")}`;
}

export class RouteNamer {
  private readonly patterns: CompiledPattern[];
  private readonly seen = new Map<string, Set<string>>();
  /** service → path → route: most traffic repeats a few paths. */
  private readonly named = new Map<string, Map<string, string>>();

  /**
   * @param patterns routes written like the application's router: `/users/:id`, `/files/**`.
   * @param maxRoutesPerService distinct routes a service may have before new ones become `/{other}`.
   */
  constructor(
    patterns: readonly string[] = [],
    private readonly maxRoutesPerService = 200,
  ) {
    this.patterns = patterns.map(compile);
  }

  route(service: string, path: string): string {
    let paths = this.named.get(service);
    if (!paths) {
      paths = new Map();
      this.named.set(service, paths);
    }
    let route = paths.get(path);
    if (route === undefined) {
      route = this.name(service, path);
      // Bounded: a service with endless distinct paths starts over rather than grow.
      if (paths.size >= PATH_CACHE_SIZE) paths.clear();
      paths.set(path, route);
    }
    return route;
  }

  private name(service: string, path: string): string {
    const segments = path.split("/").slice(1);
    const configured = this.patterns.find((p) => matches(p, segments));
    const route = configured ? configured.route : heuristicRoute(path);
    let routes = this.seen.get(service);
    if (!routes) {
      routes = new Set();
      this.seen.set(service, routes);
    }
    if (routes.has(route)) return route;
    if (routes.size >= this.maxRoutesPerService) return OTHER_ROUTE;
    routes.add(route);
    return route;
  }
}
