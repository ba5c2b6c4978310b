// The route of a request path, for span names and metric series: a configured pattern when one
// matches (`/users/:id`), else the path with its ID-like segments replaced by `{id}`. Metric
// series stay bounded: past a per-service limit of distinct routes, new ones share `/{other}`.

export const OTHER_ROUTE = "/{other}";
const ID = "{id}";

const NUMBER = /^-?\d+(\.\d+)?$/;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
/** Hex of 8+ characters with at least one digit (hashes, object IDs), not a word like "deadbeef". */
const HEX_ID = /^(?=.*\d)[0-9a-f]{8,}$/i;
/** Long tokens mixing letters and digits (base64/base62 IDs, slugs with a numeric id part). */
const TOKEN = /^(?=.*\d)(?=.*[a-z])[\w-]{16,}$/i;
const MIXED_ID = /^[a-z]+[-_]?\d{3,}$/i;

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
