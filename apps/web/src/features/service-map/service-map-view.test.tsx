import { cleanup, fireEvent, screen, within } from "@testing-library/react";
import type { ServiceMapResponse } from "@tracelight/contracts";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderWithClient, stubApi } from "../alerts/test-harness.tsx";
import { ServiceMapView } from "./service-map-view.tsx";

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
// jsdom has no canvas: the chart shows its option and offers a button per node and edge that
// clicks it as ECharts would (with the datum of the option).
vi.mock("./service-map-chart.tsx", () => ({
  ServiceMapChart: ({
    option,
    onItemClick,
  }: {
    option: { series: { data: unknown[]; links: unknown[] }[] };
    onItemClick: (d: unknown) => void;
  }) => {
    const [series] = option.series;
    return (
      <div data-testid="chart-mock">
        <pre>{JSON.stringify(option)}</pre>
        {[...(series?.data ?? []), ...(series?.links ?? [])].map((d, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list in a test
          <button key={i} type="button" data-testid="chart-item" onClick={() => onItemClick(d)}>
            {i}
          </button>
        ))}
      </div>
    );
  },
}));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  push.mockReset();
});

const MAP: ServiceMapResponse = {
  nodes: [
    { service: "checkout", kind: "service", rate: 2, errorRate: 0.02, p99Ms: 80 },
    { service: "frontend", kind: "service", rate: 5, errorRate: 0, p99Ms: 120 },
    { service: "payments", kind: "service", rate: 1, errorRate: 0.5, p99Ms: 40 },
  ],
  edges: [
    { from: "checkout", to: "payments", rate: 1, errorRate: 0.5, p99Ms: 45 },
    { from: "frontend", to: "checkout", rate: 2, errorRate: 0, p99Ms: 90 },
  ],
  truncated: false,
};

function showMap(map: ServiceMapResponse = MAP) {
  window.history.replaceState(null, "", "/service-map?from=now-1h&to=now");
  const asked = stubApi((req) => (req.path.startsWith("/service-map?") ? { status: 200, body: map } : undefined));
  renderWithClient(<ServiceMapView />);
  return asked;
}

describe("service map page", () => {
  it("asks for the range's map and lists every call with its figures and trace search link", async () => {
    const asked = showMap();
    const rows = await screen.findAllByTestId("service-map-call");
    expect(asked.map((r) => new URL(r.path, "http://x").pathname)).toContain("/service-map");
    expect(rows.map((r) => r.textContent)).toEqual([
      "checkout → payments1.00/s50%45.0 ms",
      "frontend → checkout2.00/s0%90.0 ms",
    ]);
    expect(within(rows[0]!).getByRole("link").getAttribute("href")).toBe("/traces?from=now-1h&to=now&service=payments");
    expect(screen.getByTestId("service-map-summary").textContent).toBe("3 services, 2 calls");
  });

  it("opens the service for a node and trace search for an edge", async () => {
    showMap();
    const items = await screen.findAllByTestId("chart-item");
    // Nodes come first in the option (checkout, frontend, payments), then the edges.
    fireEvent.click(items[1]!);
    expect(push).toHaveBeenLastCalledWith("/services/frontend?from=now-1h&to=now");
    fireEvent.click(items[4]!);
    expect(push).toHaveBeenLastCalledWith("/traces?from=now-1h&to=now&service=checkout");
  });

  it("opens a peer's calls: its arrow the caller's spans to it, its node every caller's", async () => {
    const db = (from: string) => `(kind:client OR kind:producer) db.system:"postgresql" (db.namespace:"${from}")`;
    showMap({
      nodes: [...MAP.nodes, { service: "postgresql/shop", kind: "peer", rate: 3, errorRate: 0, p99Ms: 4 }],
      edges: [
        ...MAP.edges,
        { from: "checkout", to: "postgresql/shop", rate: 2, errorRate: 0, p99Ms: 4, search: db("a") },
        { from: "payments", to: "postgresql/shop", rate: 1, errorRate: 0, p99Ms: 3, search: db("b") },
      ],
      truncated: false,
    });
    const rows = await screen.findAllByTestId("service-map-call");
    expect(screen.getByTestId("service-map-summary").textContent).toBe("3 services, 1 peer, 4 calls");
    const toDb = rows.find((r) => r.dataset.from === "checkout" && r.dataset.to === "postgresql/shop");
    expect(toDb?.dataset.peer).toBe("true");
    expect(rows.find((r) => r.dataset.to === "payments")?.dataset.peer).toBeUndefined();
    const href = new URL(within(toDb!).getByRole("link").getAttribute("href") ?? "", "http://x");
    expect(href.pathname).toBe("/traces");
    expect(href.searchParams.getAll("service")).toEqual(["checkout"]);
    expect(href.searchParams.get("q")).toBe(db("a"));

    const items = await screen.findAllByTestId("chart-item");
    // Nodes: checkout, frontend, payments, postgresql/shop; then the four edges.
    fireEvent.click(items[3]!);
    const node = new URL(push.mock.lastCall?.[0] as string, "http://x");
    expect(node.searchParams.getAll("service")).toEqual(["checkout", "payments"]);
    expect(node.searchParams.get("q")).toBe(`(${db("a")}) OR (${db("b")})`);
    fireEvent.click(items[6]!);
    const edge = new URL(push.mock.lastCall?.[0] as string, "http://x");
    expect([edge.pathname, edge.searchParams.getAll("service"), edge.searchParams.get("q")]).toEqual([
      "/traces",
      ["checkout"],
      db("a"),
    ]);
  });

  it("says so when the range has no services", async () => {
    showMap({ nodes: [], edges: [], truncated: false });
    expect((await screen.findByTestId("state-empty")).textContent).toContain("No service sent spans");
  });
});
