// Trace shapes for `npm run bench:ui`: a small shop of ten services. Each trace enters at the
// frontend's server span and fans out over HTTP (a client span in the caller, a server span in
// the callee) and database queries, 5–30 spans; ~3 % of traces fail somewhere and the failure
// climbs to the root; payments has a rare slow path. Deterministic from (seed, trace number).

export const UI_SERVICES = [
  "frontend",
  "cart",
  "checkout",
  "payments",
  "inventory",
  "shipping",
  "users",
  "search",
  "recommendations",
  "email",
] as const;

export type AttrValue = string | number | boolean;

export interface GenSpan {
  /** Index of the parent in the trace's span list, -1 for the root. */
  parent: number;
  service: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client. */
  kind: 1 | 2 | 3;
  name: string;
  /** Offsets from the trace's start, ns. */
  startNs: number;
  endNs: number;
  attrs: [string, AttrValue][];
  error: boolean;
  route?: string;
  method?: string;
  status?: number;
}

interface Call {
  service: string;
  method: string;
  route: string;
  calls: Call[];
  db: number;
}

const call = (service: string, method: string, route: string, calls: Call[] = [], db = 0): Call => ({
  service,
  method,
  route,
  calls,
  db,
});

/** The entry points, weighted by how often users hit them. */
const FLOWS: { weight: number; root: () => Call }[] = [
  {
    weight: 3,
    root: () =>
      call("frontend", "GET", "/", [
        call("users", "GET", "/users/:id", [], 1),
        call("recommendations", "GET", "/recommendations", [call("search", "GET", "/search/similar", [], 1)]),
      ]),
  },
  {
    weight: 4,
    root: () =>
      call("frontend", "GET", "/product/:id", [
        call("inventory", "GET", "/stock/:sku", [], 1),
        call("recommendations", "GET", "/recommendations"),
      ]),
  },
  { weight: 3, root: () => call("frontend", "GET", "/search", [call("search", "GET", "/search", [], 2)]) },
  {
    weight: 2,
    root: () =>
      call("frontend", "POST", "/cart", [
        call("cart", "POST", "/cart/items", [call("inventory", "GET", "/stock/:sku", [], 1)], 1),
      ]),
  },
  {
    weight: 2,
    root: () =>
      call("frontend", "POST", "/checkout", [
        call(
          "checkout",
          "POST",
          "/checkout",
          [
            call("cart", "GET", "/cart/:id", [], 1),
            call("inventory", "POST", "/stock/reserve", [], 1),
            call("payments", "POST", "/payments/charge", [], 1),
            call("shipping", "POST", "/shipping/quote"),
            call("email", "POST", "/email/send"),
          ],
          1,
        ),
      ]),
  },
];
const TOTAL_WEIGHT = FLOWS.reduce((s, f) => s + f.weight, 0);

const TABLES = ["orders", "items", "stock", "users", "sessions", "payments", "shipments"];

/** A deterministic stream of numbers in [0, 1) (mulberry32). */
export function random(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const size = (c: Call): number => 1 + c.db + c.calls.reduce((s, x) => s + 1 + size(x), 0);

function allCalls(c: Call, out: Call[] = []): Call[] {
  out.push(c);
  for (const x of c.calls) allCalls(x, out);
  return out;
}

/** Self time of a server span before and after its children, ms. */
function selfMs(service: string, rnd: () => number): number {
  if (service === "payments") return rnd() < 0.01 ? 600 + rnd() * 1200 : 30 + rnd() * 120;
  if (service === "search") return 5 + rnd() * 35;
  if (service === "frontend") return 2 + rnd() * 8;
  return 1 + rnd() * 9;
}

/** The number of spans trace `t` of template `seed` has, and the whole trace. */
export function generateTrace(seed: number, t: number): GenSpan[] {
  const rnd = random(seed * 1_000_003 + t * 7919 + 17);
  const pick = rnd() * TOTAL_WEIGHT;
  let below = 0;
  const flow =
    FLOWS.find((f) => {
      below += f.weight;
      return pick < below;
    }) ?? FLOWS[0]!;
  const root = flow.root();
  // Pad to the target size with more queries (N+1 query loops), somewhere in the trace.
  const target = 5 + Math.floor(rnd() * 26);
  const servers = allCalls(root);
  for (let n = size(root); n < target; n++) servers[Math.floor(rnd() * servers.length)]!.db++;
  // ~3 % of traces fail in one server (payments more often), and the failure climbs to the root.
  const failing =
    rnd() < 0.03
      ? servers[Math.floor(rnd() * servers.length)]
      : servers.find((c) => c.service === "payments" && rnd() < 0.05);
  const spans: GenSpan[] = [];
  emitServer(spans, root, -1, 0, failing, rnd);
  return spans;
}

/** Emits the server span of `c` and everything under it from `startNs`; returns whether it failed. */
function emitServer(
  spans: GenSpan[],
  c: Call,
  parent: number,
  startNs: number,
  failing: Call | undefined,
  rnd: () => number,
): boolean {
  const index = spans.length;
  const route = c.route;
  const span: GenSpan = {
    parent,
    service: c.service,
    kind: 2,
    name: `${c.method} ${route}`,
    startNs,
    endNs: 0,
    attrs: [],
    error: false,
    route,
    method: c.method,
  };
  spans.push(span);
  let at = startNs + selfMs(c.service, rnd) * 0.4e6;
  let failed = c === failing;
  for (let q = 0; q < c.db; q++) {
    const table = TABLES[Math.floor(rnd() * TABLES.length)]!;
    const ms = 0.2 + rnd() * (rnd() < 0.05 ? 40 : 4);
    spans.push({
      parent: index,
      service: c.service,
      kind: 3,
      name: `SELECT ${table}`,
      startNs: at,
      endNs: at + ms * 1e6,
      error: false,
      attrs: [
        ["db.system.name", "postgresql"],
        ["db.namespace", "shop"],
        ["db.query.text", `SELECT * FROM ${table} WHERE id = $1`],
        ["server.address", `${c.service}-db.internal`],
      ],
    });
    at += ms * 1e6 + 0.05e6;
  }
  for (const child of c.calls) {
    const clientIndex = spans.length;
    const client: GenSpan = {
      parent: index,
      service: c.service,
      kind: 3,
      name: `${child.method} ${child.route}`,
      startNs: at,
      endNs: 0,
      attrs: [],
      error: false,
      method: child.method,
    };
    spans.push(client);
    const childFailed = emitServer(spans, child, clientIndex, at + 0.3e6, failing, rnd);
    const childEnd = spans[clientIndex + 1]!.endNs;
    client.endNs = childEnd + 0.3e6;
    client.error = childFailed;
    client.status = childFailed ? 500 : 200;
    client.attrs = [
      ["http.request.method", child.method],
      ["url.full", `http://${child.service}.internal:8080${child.route.replace(/:(\w+)/g, "42")}`],
      ["server.address", `${child.service}.internal`],
      ["server.port", 8080],
      ["http.response.status_code", client.status],
    ];
    failed ||= childFailed;
    at = client.endNs + 0.05e6;
  }
  span.endNs = at + selfMs(c.service, rnd) * 0.6e6;
  span.error = failed;
  span.status = failed ? (c.service === "payments" && c === failing ? 502 : 500) : c.method === "POST" ? 201 : 200;
  span.attrs = [
    ["http.request.method", c.method],
    ["http.route", route],
    ["url.path", route.replace(/:(\w+)/g, String(Math.floor(rnd() * 1000)))],
    ["http.response.status_code", span.status],
    ["server.address", `${c.service}.internal`],
    ["server.port", 8080],
    ["network.protocol.version", "1.1"],
    ["client.address", `10.0.${Math.floor(rnd() * 8)}.${Math.floor(rnd() * 250)}`],
    ["user_agent.original", "Mozilla/5.0 (X11; Linux x86_64) bench-ui"],
    ["app.user.id", `user-${Math.floor(rnd() * 5000)}`],
  ];
  return failed;
}
