// Tracelight's own dashboards, in the same document format as anyone's: made at start where
// missing, once per database (builtinKey is unique: of two replicas starting together one insert
// wins); from then on edited like any other, but not deleted (dashboard-routes.ts: 409), so a
// restart never brings back one someone changed.
import { type DashboardInput, DashboardInputSchema, SELF_SERVICE } from "@tracelight/contracts";
import type { Database } from "@tracelight/db";
import { log } from "../log.ts";
import { isUniqueViolation } from "./parse-body.ts";
import { documentText } from "./stored-dashboard.ts";

type Grid = { x: number; y: number; w: number; h: number };
const at = (x: number, y: number, w = 12, h = 8): Grid => ({ x, y, w, h });
const metric = (query: Record<string, string | string[]>) => query;

// HTTP server histograms (the eBPF agent's, agent/src/http/http-telemetry.ts, and SDKs'), per
// service.name.
const HTTP = "http.server.request.duration";
const perService = ["service.name=$service"];

const serviceOverview = {
  name: "Service overview (RED)",
  description: "Request rate, errors and p99 latency of HTTP servers, as the eBPF agent sees them.",
  variables: [{ name: "service", label: "Service", kind: "service", multi: true, default: "" }],
  panels: [
    {
      id: "rate",
      title: "Requests per second",
      kind: "timeseries",
      grid: at(0, 0, 8),
      queries: [metric({ metric: HTTP, agg: "rate", groupBy: ["service.name"], filter: perService })],
      options: { unit: "req/s" },
    },
    {
      id: "errors",
      // By status code, not by error.type: SDKs on older semantic conventions leave error.type
      // unset on 5xx, and grouping by it put every request (as "(none)") on an errors chart.
      title: "Responses per second by status code",
      kind: "timeseries",
      grid: at(8, 0, 8),
      queries: [
        metric({
          metric: HTTP,
          agg: "rate",
          groupBy: ["service.name", "http.response.status_code"],
          filter: perService,
        }),
      ],
      options: { unit: "req/s", stacked: true },
    },
    {
      id: "p99",
      title: "p99 latency",
      kind: "timeseries",
      grid: at(16, 0, 8),
      queries: [metric({ metric: HTTP, agg: "p99", groupBy: ["service.name"], filter: perService })],
      options: { unit: "s" },
    },
    {
      id: "routes",
      title: "Slowest routes (p99)",
      kind: "table",
      grid: at(0, 8),
      queries: [metric({ metric: HTTP, agg: "p99", groupBy: ["service.name", "http.route"], filter: perService })],
      options: { unit: "s", limit: 20 },
    },
    {
      id: "error-traces",
      title: "Failed traces",
      kind: "traces",
      grid: at(12, 8),
      queries: [{ service: "$service", status: "Error" }],
    },
    {
      id: "log-volume",
      title: "Log volume",
      kind: "log-volume",
      grid: at(0, 16, 24, 6),
      queries: [{ service: "$service" }],
    },
  ],
};

const hosts = {
  name: "Hosts and processes",
  description:
    "The Tracelight agent's host metrics (agent/src/host): CPU, memory, disks, network and the busiest processes.",
  variables: [{ name: "host", label: "Host", kind: "attribute", attribute: "host.name", multi: true, default: "" }],
  panels: [
    {
      id: "cpu",
      title: "CPU utilization",
      kind: "timeseries",
      grid: at(0, 0),
      queries: [
        metric({ metric: "system.cpu.utilization", agg: "avg", groupBy: ["host.name"], filter: ["host.name=$host"] }),
      ],
    },
    {
      id: "memory",
      title: "Memory utilization",
      kind: "timeseries",
      grid: at(12, 0),
      queries: [
        metric({
          metric: "system.memory.utilization",
          agg: "avg",
          groupBy: ["host.name", "system.memory.state"],
          filter: ["host.name=$host"],
        }),
      ],
    },
    {
      id: "disk-io",
      title: "Disk I/O",
      kind: "timeseries",
      grid: at(0, 8, 8),
      queries: [
        metric({
          metric: "system.disk.io",
          agg: "rate",
          groupBy: ["host.name", "system.device"],
          filter: ["host.name=$host"],
        }),
      ],
      options: { unit: "By/s" },
    },
    {
      id: "network-io",
      title: "Network I/O",
      kind: "timeseries",
      grid: at(8, 8, 8),
      queries: [
        metric({
          metric: "system.network.io",
          agg: "rate",
          groupBy: ["host.name", "system.device"],
          filter: ["host.name=$host"],
        }),
      ],
      options: { unit: "By/s" },
    },
    {
      id: "filesystems",
      title: "Filesystem usage",
      kind: "bar",
      grid: at(16, 8, 8),
      queries: [
        metric({
          metric: "system.filesystem.utilization",
          agg: "max",
          groupBy: ["host.name", "system.filesystem.mountpoint"],
          filter: ["host.name=$host"],
        }),
      ],
    },
    {
      id: "process-cpu",
      title: "Processes by CPU",
      kind: "table",
      grid: at(0, 16),
      queries: [
        metric({
          metric: "process.cpu.utilization",
          agg: "avg",
          groupBy: ["host.name", "process.executable.name"],
          filter: ["host.name=$host"],
        }),
      ],
      options: { limit: 20 },
    },
    {
      id: "process-memory",
      title: "Processes by memory",
      kind: "table",
      grid: at(12, 16),
      queries: [
        metric({
          metric: "process.memory.usage",
          agg: "max",
          groupBy: ["host.name", "process.executable.name"],
          filter: ["host.name=$host"],
        }),
      ],
      options: { unit: "By", limit: 20 },
    },
  ],
};

// The self-metrics every replica sends (self-telemetry/self-metrics.ts), under service tracelight.
const self = [`service.name=${SELF_SERVICE}`];
const health = {
  name: "Tracelight health",
  description: "Tracelight's own metrics: ingest, queries, alert evaluation and notifications.",
  variables: [],
  panels: [
    {
      id: "writes-failing",
      title: "Store writes failing",
      kind: "stat",
      grid: at(0, 0, 6, 4),
      queries: [metric({ metric: "tracelight.ingest.writes.failing", agg: "max", filter: self })],
      options: {
        reduce: "last",
        thresholds: [
          { value: 0, color: "green" },
          { value: 1, color: "red" },
        ],
      },
    },
    {
      id: "refused",
      title: "OTLP requests refused",
      kind: "stat",
      grid: at(6, 0, 6, 4),
      queries: [metric({ metric: "tracelight.ingest.refused", agg: "increase", filter: self })],
      options: {
        reduce: "sum",
        sparkline: true,
        thresholds: [
          { value: 0, color: "green" },
          { value: 1, color: "orange" },
        ],
      },
    },
    {
      id: "alerts-lag",
      title: "Alert evaluation lag",
      kind: "stat",
      grid: at(12, 0, 6, 4),
      queries: [metric({ metric: "tracelight.alerts.lag", agg: "max", filter: self })],
      options: { unit: "s", reduce: "last", sparkline: true },
    },
    {
      id: "notification-age",
      title: "Oldest pending notification",
      kind: "stat",
      grid: at(18, 0, 6, 4),
      queries: [metric({ metric: "tracelight.notifications.oldest_pending.age", agg: "max", filter: self })],
      options: { unit: "s", reduce: "last" },
    },
    {
      id: "queue",
      title: "Ingest queue (rows)",
      kind: "timeseries",
      grid: at(0, 4),
      queries: [metric({ metric: "tracelight.ingest.queue.rows", agg: "max", filter: self })],
    },
    {
      id: "batch",
      title: "Ingest batch duration p99",
      kind: "timeseries",
      grid: at(12, 4),
      queries: [metric({ metric: "tracelight.ingest.batch.duration", agg: "p99", filter: self })],
      options: { unit: "s" },
    },
    {
      id: "query-p99",
      title: "Query API p99 by route",
      kind: "timeseries",
      grid: at(0, 12, 24),
      queries: [metric({ metric: "tracelight.query.duration", agg: "p99", groupBy: ["http.route"], filter: self })],
      options: { unit: "s" },
    },
    {
      id: "warnings",
      title: "Tracelight warnings and errors",
      kind: "logs",
      grid: at(0, 20, 24),
      queries: [{ service: SELF_SERVICE, severity: "WARN" }],
    },
  ],
};

export interface BuiltinDashboard {
  key: string;
  dashboard: DashboardInput;
}

export function builtinDashboards(): BuiltinDashboard[] {
  const all = { "service-overview": serviceOverview, hosts, "tracelight-health": health };
  return Object.entries(all).map(([key, dashboard]) => ({ key, dashboard: DashboardInputSchema.parse(dashboard) }));
}

/** Creates the built-in dashboards this database lacks; returns the keys it created. */
export async function ensureBuiltinDashboards(db: Database, dashboards = builtinDashboards()): Promise<string[]> {
  const { prisma } = db;
  const existing = await prisma.dashboard.findMany({
    where: { builtinKey: { in: dashboards.map((d) => d.key) } },
    select: { builtinKey: true },
  });
  const have = new Set(existing.map((d) => d.builtinKey));
  const created: string[] = [];
  for (const { key, dashboard } of dashboards) {
    if (have.has(key)) continue;
    try {
      await prisma.dashboard.create({
        data: { name: dashboard.name, document: documentText(dashboard), builtinKey: key },
      });
      created.push(key);
    } catch (error) {
      // Another replica made it first (or a user's dashboard already has the name: theirs stays).
      if (!isUniqueViolation(error)) throw error;
    }
  }
  if (created.length > 0) log.info("built-in dashboards created", { dashboards: created });
  return created;
}
