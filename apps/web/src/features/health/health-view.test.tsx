import { cleanup, screen, waitFor, within } from "@testing-library/react";
import type { MetricSeriesResponse, StatusResponse } from "@tracelight/contracts";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderWithClient, stubApi } from "../alerts/test-harness.tsx";
import { HEALTH_CHARTS } from "./health-charts.tsx";
import { HealthView } from "./health-view.tsx";

vi.mock("next/link", () => ({
  default: ({ href, children, ...rest }: { href: string; children: ReactNode }) => (
    <a href={href} {...rest}>
      {children}
    </a>
  ),
}));
vi.mock("next/navigation", () => ({
  useRouter: () => ({ push: vi.fn(), replace: vi.fn(), refresh: vi.fn() }),
  usePathname: () => window.location.pathname,
  useSearchParams: () => new URLSearchParams(window.location.search),
}));
// jsdom has no canvas: the chart shows the option it was given.
vi.mock("../../components/chart.tsx", () => ({
  Chart: ({ option, testId }: { option: unknown; testId?: string }) => (
    <pre data-testid={testId}>{JSON.stringify(option)}</pre>
  ),
}));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const json = (body: unknown) => ({ status: 200, body });

function status(patch: Partial<StatusResponse> = {}): StatusResponse {
  return {
    evaluator: {
      leader: true,
      holder: "api-1:42:abcd",
      lastCycleAt: Date.now() - 5_000,
      lastCycleMs: 120,
      lagS: 0,
      lastError: null,
      failingRules: 0,
    },
    notifications: { backlog: 0, oldestPendingAgeS: null },
    ingest: { writes: "ok", queuedRows: 1200, queuedBytes: 3 * 1024 * 1024, refused: 7 },
    queries: {
      routes: [
        { route: "/api/v1/traces", requests: 40, p50S: 0.012, p99S: 0.85 },
        { route: "/api/v1/services", requests: 3, p50S: 0.004, p99S: 0.02 },
      ],
    },
    components: [{ component: "api", lastSeenAt: Date.now() - 5_000, instances: 1, silent: false }],
    backfill: { tables: [] },
    windowS: 300,
    ...patch,
  };
}

function series(metric: string): MetricSeriesResponse {
  return {
    metric: { name: metric, type: "gauge", agg: "max" },
    unit: "s",
    warnings: [],
    stepMs: 60_000,
    series: [{ labels: {}, points: [[Date.now() - 60_000, 1.5]] }],
    exemplars: [],
    truncated: false,
  };
}

function answer(current: StatusResponse) {
  return stubApi((req) => {
    if (req.path === "/status") return json(current);
    const url = new URL(req.path, "http://x");
    if (url.pathname === "/metrics/series") return json(series(url.searchParams.get("metric") ?? ""));
    return undefined;
  });
}

describe("Tracelight health page", () => {
  it("shows the status sections and charts every tracelight.* metric", async () => {
    window.history.replaceState(null, "", "/health");
    const asked = answer(status());
    renderWithClient(<HealthView />);

    const ingest = await screen.findByTestId("health-ingest");
    expect(ingest.textContent).toContain("ok");
    expect(ingest.textContent).toContain("1,200 rows");
    expect(ingest.textContent).toContain("7 requests");
    const rows = within(screen.getByTestId("health-queries")).getAllByRole("row");
    expect(rows.map((r) => r.textContent)).toEqual([
      "RouteRequestsp50p99",
      expect.stringContaining("/api/v1/traces40"),
      expect.stringContaining("/api/v1/services3"),
    ]);
    expect(screen.getByTestId("health-evaluator").textContent).toContain("api-1:42:abcd");
    expect(screen.getByTestId("health-component-api").textContent).toContain("reporting");
    expect(screen.queryByTestId("health-problems")).toBeNull();

    await waitFor(() => {
      const charted = asked
        .map((r) => new URL(r.path, "http://x"))
        .filter((u) => u.pathname === "/metrics/series")
        .map((u) => u.searchParams.get("metric"));
      expect(new Set(charted)).toEqual(new Set(HEALTH_CHARTS.map((c) => c.metric)));
    });
    for (const chart of HEALTH_CHARTS) expect(await screen.findAllByText(chart.metric ?? "")).not.toHaveLength(0);
  });

  it("says loudly when alerting falls behind and when ingest writes fail", async () => {
    window.history.replaceState(null, "", "/health");
    const failing = status();
    failing.evaluator.lagS = 170;
    failing.ingest.writes = "failing since 2026-12-07T12:00:00.000Z (3 failed writes): disk full";
    answer(failing);
    renderWithClient(<HealthView />);

    expect((await screen.findByTestId("health-problems")).textContent).toContain("behind");
    expect(screen.getByTestId("health-ingest").textContent).toContain("disk full");
  });
});
