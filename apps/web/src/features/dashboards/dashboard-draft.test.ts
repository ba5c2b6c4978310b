import type { DashboardPanel } from "@tracelight/contracts";
import { describe, expect, it } from "vitest";
import { newPanel, parseQueryLines, problemsOf } from "./dashboard-draft.ts";

describe("dashboard drafts", () => {
  it("reads a query one key=value a line, a repeated key as a list", () => {
    expect(parseQueryLines("metric=m\nfilter=service.name=$service\nfilter=x!=1\n\nnonsense\n=v")).toEqual({
      metric: "m",
      filter: ["service.name=$service", "x!=1"],
    });
  });

  it("places a new panel on a row below the others with a free id", () => {
    const panels = [
      { id: "panel-2", title: "a", kind: "traces", grid: { x: 0, y: 0, w: 12, h: 8 }, queries: [{}] },
      { id: "b", title: "b", kind: "traces", grid: { x: 12, y: 4, w: 12, h: 6 }, queries: [{}] },
    ] as DashboardPanel[];
    const panel = newPanel("logs", panels, { title: "Errors", query: { severity: "WARN" } });
    expect(panel).toEqual({
      id: "panel-3",
      title: "Errors",
      kind: "logs",
      grid: { x: 0, y: 10, w: 12, h: 8 },
      queries: [{ severity: "WARN" }],
    });
    expect(newPanel("timeseries", [])).toMatchObject({ queries: [{ metric: "http.server.request.duration" }] });
  });

  it("splits the server's refusal into its problems", () => {
    expect(problemsOf("panels.0.title: is required; name: is required")).toEqual([
      "panels.0.title: is required",
      "name: is required",
    ]);
  });
});
