import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import type {
  DashboardView as Dashboard,
  DashboardsResponse,
  LogsResponse,
  MetricSeriesResponse,
  TraceSearchResponse,
} from "@tracelight/contracts";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type Recorded, renderWithClient, signedIn, stubApi } from "../alerts/test-harness.tsx";
import { DashboardView } from "./dashboard-view.tsx";
import { DashboardsListView } from "./dashboards-list-view.tsx";

const push = vi.fn();
vi.mock("next/link", () => ({
  default: ({ href, children, ...rest }: { href: string; children: ReactNode }) => (
    <a href={href} {...rest}>
      {children}
    </a>
  ),
}));
vi.mock("next/navigation", () => ({
  useRouter: () => ({ push, replace: vi.fn(), refresh: vi.fn() }),
  usePathname: () => window.location.pathname,
  useSearchParams: () => new URLSearchParams(window.location.search),
}));
// jsdom has no canvas: the chart shows its option, and a button clicks its first exemplar dot
// (a datum with a traceId) as ECharts would.
vi.mock("../../components/chart.tsx", () => ({
  Chart: ({
    option,
    testId,
    onItemClick,
  }: {
    option: { series?: { data?: unknown[] }[] };
    testId?: string;
    onItemClick?: (c: unknown) => void;
  }) => {
    const dot = option.series?.flatMap((s) => s.data ?? []).find((d) => (d as { traceId?: string })?.traceId);
    return (
      <div data-testid={testId}>
        <pre>{JSON.stringify(option)}</pre>
        {dot !== undefined && (
          <button
            type="button"
            data-testid="chart-exemplar"
            onClick={() => onItemClick?.({ seriesId: "e", dataIndex: 0, data: dot })}
          >
            dot
          </button>
        )}
      </div>
    );
  },
}));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  push.mockReset();
});

const LIST: DashboardsResponse = {
  dashboards: [
    { id: "d1", name: "Service overview (RED)", builtin: true, panelCount: 6, updatedAt: "2026-12-01T10:00:00.000Z" },
    { id: "d2", name: "Mine", builtin: false, panelCount: 1, updatedAt: "2026-12-02T10:00:00.000Z" },
  ],
};

describe("dashboards list", () => {
  const show = (role: "admin" | "editor" | "viewer") => {
    window.history.replaceState(null, "", "/dashboards");
    stubApi((req) => (req.path === "/dashboards" ? { status: 200, body: LIST } : undefined));
    renderWithClient(<DashboardsListView />, signedIn(role));
  };

  it("offers editors new, import, duplicate and delete (not of a built-in)", async () => {
    show("editor");
    const rows = await screen.findAllByTestId("dashboard-row");
    expect(rows.map((r) => within(r).getAllByRole("link")[0]!.textContent)).toEqual(["Service overview (RED)", "Mine"]);
    expect(within(rows[0]!).getByTestId("dashboard-builtin")).toBeTruthy();
    expect(within(rows[0]!).queryByTestId("dashboard-delete")).toBeNull();
    expect(within(rows[1]!).getByTestId("dashboard-delete")).toBeTruthy();
    expect(within(rows[0]!).getByTestId("dashboard-duplicate")).toBeTruthy();
    expect(within(rows[0]!).getByTestId("dashboard-export").getAttribute("href")).toBe("/api/v1/dashboards/d1/export");
    expect(screen.getByTestId("dashboard-new")).toBeTruthy();
    expect(screen.getByTestId("dashboard-import")).toBeTruthy();
  });

  it("leaves a viewer export only, and says why", async () => {
    show("viewer");
    const rows = await screen.findAllByTestId("dashboard-row");
    for (const row of rows) {
      expect(within(row).getByTestId("dashboard-export")).toBeTruthy();
      expect(within(row).queryByTestId("dashboard-duplicate")).toBeNull();
      expect(within(row).queryByTestId("dashboard-delete")).toBeNull();
    }
    expect(screen.queryByTestId("dashboard-new")).toBeNull();
    expect(screen.queryByTestId("dashboard-import")).toBeNull();
    expect(screen.getByTestId("role-note").textContent).toContain("creating and importing dashboards");
  });
});

const HTTP = "http.server.request.duration";
const DOC: Dashboard = {
  id: "d1",
  version: 3,
  builtin: true,
  createdBy: null,
  createdAt: "2026-12-01T10:00:00.000Z",
  updatedAt: "2026-12-01T10:00:00.000Z",
  name: "Service overview (RED)",
  variables: [{ name: "service", kind: "custom", values: ["checkout", "cart"], multi: false, default: "" }],
  panels: [
    {
      id: "rate",
      title: "Requests per second",
      kind: "timeseries",
      grid: { x: 0, y: 0, w: 12, h: 8 },
      queries: [{ metric: HTTP, agg: "rate", groupBy: ["service.name"], filter: ["service.name=$service"] }],
    },
    {
      id: "errors",
      title: "Errors",
      kind: "stat",
      grid: { x: 12, y: 0, w: 6, h: 4 },
      queries: [{ metric: HTTP, agg: "rate", filter: ["service.name=$service"] }],
      options: {
        thresholds: [
          { value: 0, color: "green" },
          { value: 1, color: "red" },
        ],
      },
    },
    {
      id: "routes",
      title: "Routes",
      kind: "table",
      grid: { x: 0, y: 8, w: 12, h: 8 },
      queries: [{ metric: HTTP, agg: "p99", groupBy: ["http.route"] }],
      options: { limit: 2 },
    },
    { id: "logs", title: "Logs", kind: "logs", grid: { x: 12, y: 8, w: 12, h: 8 }, queries: [{ service: "$service" }] },
    {
      id: "traces",
      title: "Traces",
      kind: "traces",
      grid: { x: 0, y: 16, w: 12, h: 8 },
      queries: [{ status: "Error" }],
    },
    {
      id: "notes",
      title: "Notes",
      kind: "markdown",
      grid: { x: 12, y: 16, w: 12, h: 4 },
      options: { text: "# Read me\n<script>alert(1)</script> **bold** [bad](javascript:alert(1))" },
    },
  ],
};

const t0 = Date.parse("2026-12-07T10:00:00.000Z");
function seriesAnswer(path: string): MetricSeriesResponse {
  const url = new URL(path, "http://x");
  const route = url.searchParams.get("agg") === "p99";
  return {
    metric: { name: HTTP, type: "histogram", agg: route ? "p99" : "rate" },
    unit: route ? "s" : "",
    warnings: [],
    stepMs: 60_000,
    truncated: false,
    series: route
      ? [
          { labels: { "http.route": "/a" }, points: [[t0, 0.1]] },
          { labels: { "http.route": "/b" }, points: [[t0, 0.3]] },
          { labels: { "http.route": "/c" }, points: [[t0, 0.2]] },
        ]
      : [
          {
            labels: { "service.name": "checkout" },
            points: [
              [t0, 0.5],
              [t0 + 60_000, 2],
            ],
          },
        ],
    exemplars: route
      ? []
      : [
          {
            timestamp: t0,
            value: 2,
            traceId: "a".repeat(32),
            spanId: "b".repeat(16),
            serviceName: "checkout",
            labels: { "service.name": "checkout" },
          },
        ],
  };
}
const LOGS: LogsResponse = {
  logs: [
    {
      timestamp: t0,
      timestampUnixNano: `${t0}000000`,
      severityText: "ERROR",
      severityNumber: 17,
      body: "payment failed",
      serviceName: "checkout",
      traceId: "",
      spanId: "",
      attributes: {},
      resourceAttributes: {},
    } as LogsResponse["logs"][number],
  ],
};
const TRACES: TraceSearchResponse = {
  traces: [
    {
      traceId: "c".repeat(32),
      rootServiceName: "checkout",
      rootName: "POST /pay",
      startTime: t0,
      durationMs: 12,
      spanCount: 3,
      errorCount: 1,
      services: ["checkout"],
    },
  ],
};

function showDashboard(search: string, put?: (req: Recorded) => { status: number; body: unknown }) {
  window.history.replaceState(null, "", `/dashboards/d1?from=now-1h&to=now${search}`);
  const asked = stubApi((req) => {
    const path = new URL(req.path, "http://x").pathname;
    if (req.method === "PUT" && put) return put(req);
    if (path === "/dashboards/d1") return { status: 200, body: DOC };
    if (path === "/metrics/series") return { status: 200, body: seriesAnswer(req.path) };
    if (path === "/logs") return { status: 200, body: LOGS };
    if (path === "/traces") return { status: 200, body: TRACES };
    return undefined;
  });
  renderWithClient(<DashboardView id="d1" />);
  return asked;
}
const params = (asked: Recorded[], path: string) =>
  asked.filter((r) => r.path.startsWith(`${path}?`)).map((r) => new URL(r.path, "http://x").searchParams);

describe("dashboard page", () => {
  it("draws every panel kind in its grid cell", async () => {
    showDashboard("");
    await screen.findByTestId("panel-chart");
    const panels = screen.getAllByTestId("dashboard-panel");
    expect(panels.map((p) => p.dataset.kind)).toEqual(["timeseries", "stat", "table", "logs", "traces", "markdown"]);
    expect(panels[1]!.style.gridColumn).toBe("13 / span 6");
    expect(panels[1]!.style.gridRow).toBe("1 / span 4");
    // stat: the last value, red from 1 up
    const stat = await screen.findByTestId("panel-stat-value");
    expect(stat.textContent).toBe("2/s");
    expect(stat.dataset.color).toBe("red");
    // table: the top two routes by value
    const rows = await screen.findAllByTestId("panel-table-row");
    expect(rows.map((r) => r.textContent)).toEqual(["/b300 ms", "/c200 ms"]);
    expect((await screen.findAllByTestId("log-row"))[0]!.textContent).toContain("payment failed");
    expect(await screen.findAllByTestId("trace-row")).toHaveLength(1);
    // markdown: markup as text, no script element, no javascript: link
    const md = screen.getByTestId("panel-markdown");
    expect(within(md).getByRole("heading").textContent).toBe("Read me");
    expect(md.textContent).toContain("<script>alert(1)</script>");
    expect(md.querySelector("script")).toBeNull();
    expect(md.querySelector("a")).toBeNull();
    expect(within(md).getByText("bold").tagName).toBe("STRONG");
  });

  it("drops a filter on an empty variable and substitutes a chosen one, in requests and links", async () => {
    const all = showDashboard("");
    await screen.findByTestId("panel-stat-value");
    expect(params(all, "/metrics/series")[0]!.getAll("filter")).toEqual([]);
    expect(params(all, "/logs")[0]!.has("service")).toBe(false);
    cleanup();

    const one = showDashboard("&var-service=checkout");
    await screen.findByTestId("panel-stat-value");
    expect(params(one, "/metrics/series")[0]!.getAll("filter")).toEqual(["service.name=checkout"]);
    expect(params(one, "/logs")[0]!.get("service")).toBe("checkout");
    expect((screen.getByTestId("variable-service") as HTMLSelectElement).value).toBe("checkout");
    const open = within(screen.getAllByTestId("dashboard-panel")[0]!).getByTestId("panel-open");
    expect(open.textContent).toBe("Open in explorer");
    expect(open.getAttribute("href")).toBe(
      "/metrics?from=now-1h&to=now&metric=http.server.request.duration&agg=rate&groupBy=service.name&filter=service.name%3Dcheckout",
    );
  });

  it("opens an exemplar's trace from a timeseries panel", async () => {
    showDashboard("");
    fireEvent.click(await screen.findByTestId("chart-exemplar"));
    expect(push).toHaveBeenCalledWith(`/traces/${"a".repeat(32)}?span=${"b".repeat(16)}`);
  });

  it("saves with the version read, and says so when someone else changed it", async () => {
    const asked = showDashboard("&edit=1", () => ({
      status: 409,
      body: {
        error: { code: "conflict", message: "version: the dashboard is at version 4, not 3: someone changed it" },
      },
    }));
    fireEvent.click(await screen.findByTestId("dashboard-save"));
    await screen.findByTestId("dashboard-conflict");
    const put = asked.find((r) => r.method === "PUT");
    expect(put?.path).toBe("/dashboards/d1");
    expect(put?.body).toMatchObject({ version: 3, name: DOC.name });
    expect(put?.body).not.toHaveProperty("builtin");
  });

  it("lists the server's problems by path", async () => {
    showDashboard("&edit=1", () => ({
      status: 400,
      body: { error: { code: "bad_request", message: "panels.0.queries.0.metric: is required; name: is required" } },
    }));
    fireEvent.click(await screen.findByTestId("dashboard-add-panel"));
    fireEvent.click(screen.getByTestId("dashboard-save"));
    const problems = await screen.findByTestId("dashboard-problems");
    expect([...problems.querySelectorAll("li")].map((li) => li.textContent)).toEqual([
      "panels.0.queries.0.metric: is required",
      "name: is required",
    ]);
    await waitFor(() =>
      expect((screen.getByTestId("dashboard-json") as HTMLTextAreaElement).value).toContain("New timeseries panel"),
    );
  });
});
