import { cleanup, screen, within } from "@testing-library/react";
import type { MetricSeriesResponse, MetricsResponse } from "@tracelight/contracts";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderWithClient, stubApi } from "../alerts/test-harness.tsx";
import { MetricsView } from "./metrics-view.tsx";

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

const METRIC = "http.server.request.duration";

const catalog: MetricsResponse = {
  metrics: [
    { name: METRIC, type: "histogram", unit: "s", units: ["ms", "s"], description: "", services: ["checkout"] },
  ],
};

function series(patch: Partial<MetricSeriesResponse>): MetricSeriesResponse {
  return {
    metric: { name: METRIC, type: "histogram", agg: "p95" },
    unit: "ms",
    warnings: [],
    stepMs: 60_000,
    series: [
      {
        labels: { "service.name": "checkout" },
        points: [
          [1_000, 4575],
          [61_000, 2.3],
        ],
      },
    ],
    exemplars: [],
    truncated: false,
    ...patch,
  };
}

function open(answer: MetricSeriesResponse) {
  window.history.replaceState(null, "", `/metrics?metric=${METRIC}&agg=p95&groupBy=service.name`);
  const asked = stubApi((req) => {
    if (req.path.startsWith("/metrics/series")) return { status: 200, body: answer };
    if (req.path.startsWith("/metrics/attributes")) return { status: 200, body: { keys: [] } };
    if (req.path.startsWith("/metrics?")) return { status: 200, body: catalog };
    return undefined;
  });
  renderWithClient(<MetricsView />);
  return asked;
}

describe("MetricsView units", () => {
  it("reads values in the answer's unit and shows them at a readable scale", async () => {
    open(series({}));
    const row = await screen.findByTestId("metric-series-row");
    // last, min, max, avg of 4575 ms and 2.3 ms
    expect(Array.from(row.querySelectorAll("td"), (td) => td.textContent).slice(1)).toEqual([
      "2.30 ms",
      "2.30 ms",
      "4.58 s",
      "2.29 s",
    ]);
    const option = JSON.parse(screen.getByTestId("metric-chart").textContent ?? "{}");
    // The points are drawn in seconds, the scale of the largest, so that the axis ticks are round seconds.
    expect(option.series.find((s: { type: string }) => s.type === "line").data).toEqual([
      [1_000, 4.575],
      [61_000, 0.0023],
    ]);
    expect(screen.getByText("(s)")).toBeTruthy();
    expect(screen.queryByTestId("metric-unit-warnings")).toBeNull();
    expect(screen.queryByTestId("metric-series-truncated")).toBeNull();
  });

  it("says when the answer was cut to its series limit", async () => {
    open(series({ truncated: true }));
    const notice = await screen.findByTestId("metric-series-truncated");
    expect(notice.textContent).toContain("More series match than the 1 read");
  });

  it("names the series left out because their unit does not convert", async () => {
    open(series({ unit: "s", warnings: ['service.name=legacy: unit "By" does not convert into "s"'] }));
    const notice = await screen.findByTestId("metric-unit-warnings");
    expect(notice.textContent).toContain("does not convert into s");
    expect(
      within(notice)
        .getAllByTestId("unit-warning")
        .map((li) => li.textContent),
    ).toEqual(['service.name=legacy: unit "By" does not convert into "s"']);
  });

  it("shows ratios as percents", async () => {
    open(series({ unit: "1", series: [{ labels: { "service.name": "checkout" }, points: [[1_000, 0.69]] }] }));
    const row = await screen.findByTestId("metric-series-row");
    expect(row.querySelectorAll("td")[1]?.textContent).toBe("69.0 %");
  });
});
