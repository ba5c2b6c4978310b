import type { DashboardPanel } from "@tracelight/contracts";
import { describe, expect, it } from "vitest";
import { panelOfView } from "./view-panel.ts";

const taken = [
  { id: "panel-2", title: "t", kind: "markdown", grid: { x: 0, y: 0, w: 12, h: 8 }, options: { text: "" } },
] as DashboardPanel[];

describe("a saved view as a dashboard panel", () => {
  it("makes a log search a logs panel with the search's query, less the range", () => {
    const state = {
      q: 'card "declined" $$5',
      service: "payments",
      severity: "ERROR",
      attr: ["http.route=/pay", "k!=v"],
      from: "now-6h",
      to: "now",
    };
    expect(panelOfView({ name: "Payment errors", kind: "logs", state }, taken)).toEqual({
      id: "panel-3",
      title: "Payment errors",
      kind: "logs",
      grid: { x: 0, y: 8, w: 24, h: 8 },
      queries: [
        { q: 'card "declined" $$5', service: "payments", severity: "ERROR", attr: ["http.route=/pay", "k!=v"] },
      ],
    });
  });

  it("makes a trace search a traces panel, its sort and limit kept", () => {
    const state = { service: "checkout", minDurationMs: "500", status: "Error", sort: "duration", limit: "50" };
    const panel = panelOfView({ name: "Slow", kind: "traces", state }, []);
    expect(panel).toMatchObject({ kind: "traces", grid: { x: 0, y: 0, w: 24, h: 8 }, queries: [state] });
  });

  it("makes an explorer state a timeseries panel, without the page's own keys", () => {
    const state = {
      metric: "http.server.request.duration",
      agg: "p99",
      groupBy: "service.name,http.route",
      filter: ["service.name=checkout"],
      step: "1m",
      hlFrom: "1",
      hlTo: "2",
      exemplars: "off",
      from: "2026-12-01T00:00:00Z",
    };
    const panel = panelOfView({ name: "p99", kind: "metrics", state }, taken);
    expect(panel).toMatchObject({
      kind: "timeseries",
      grid: { x: 12, y: 0, w: 12, h: 8 },
      queries: [
        {
          metric: "http.server.request.duration",
          agg: "p99",
          groupBy: "service.name,http.route",
          filter: ["service.name=checkout"],
          step: "1m",
        },
      ],
    });
    expect(Object.keys((panel as { queries: object[] }).queries[0]!)).toHaveLength(5);
  });

  it("says why a view cannot be a panel", () => {
    expect(panelOfView({ name: "none", kind: "metrics", state: { from: "now-1h" } }, [])).toBe("metric: is required");
    expect(panelOfView({ name: "bad", kind: "logs", state: { severity: "LOUD" } }, [])).toMatch(/^severity: /);
    expect(panelOfView({ name: "var", kind: "logs", state: { q: "price:$amount" } }, [])).toBe(
      "q: has a $ that a dashboard would read as a variable",
    );
  });
});
