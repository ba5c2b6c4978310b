import type { DashboardPanel, DashboardView } from "@tracelight/contracts";
import { describe, expect, it } from "vitest";
import { newPanel, parseQueryLines, previewOf, problemsOf, readDraft, withLayout } from "./dashboard-draft.ts";

describe("dashboard drafts", () => {
  it("reads a query one key=value a line, a repeated key as a list", () => {
    expect(parseQueryLines("metric=m\nfilter=service.name=$service\nfilter=x!=1\n\nnonsense\n=v")).toEqual({
      metric: "m",
      filter: ["service.name=$service", "x!=1"],
    });
  });

  it("places a new panel in the first free place of its size with a free id", () => {
    const panels = [
      { id: "panel-2", title: "a", kind: "traces", grid: { x: 0, y: 0, w: 12, h: 8 }, queries: [{}] },
      { id: "b", title: "b", kind: "traces", grid: { x: 12, y: 4, w: 12, h: 6 }, queries: [{}] },
    ] as DashboardPanel[];
    const panel = newPanel("logs", panels, { title: "Errors", query: { severity: "WARN" } });
    expect(panel).toEqual({
      id: "panel-3",
      title: "Errors",
      kind: "logs",
      grid: { x: 0, y: 8, w: 12, h: 8 },
      queries: [{ severity: "WARN" }],
    });
    expect(newPanel("timeseries", [])).toMatchObject({ queries: [{ metric: "http.server.request.duration" }] });
  });

  it("draws the draft's valid panels and variables, else the saved ones", () => {
    const saved = { panels: [{ id: "s" }], variables: [] } as unknown as DashboardView;
    const text = JSON.stringify({
      name: "d",
      variables: [
        { name: "service", kind: "service" },
        { name: "bad name", kind: "service" },
      ],
      panels: [
        { id: "ok", title: "t", kind: "logs", grid: { x: 0, y: 0, w: 12, h: 8 }, queries: [{ service: "$service" }] },
        { id: "half", title: "t", kind: "timeseries", grid: { x: 12, y: 0, w: 12, h: 8 }, queries: [{ metric: "" }] },
        { id: "off", title: "t", kind: "logs", grid: { x: 20, y: 0, w: 12, h: 8 }, queries: [{}] },
      ],
    });
    const preview = previewOf(readDraft(text), saved);
    expect(preview.panels.map((p) => p.id)).toEqual(["ok"]);
    expect(preview.variables).toEqual([{ name: "service", kind: "service", multi: false }]);
    expect(preview.leftOut).toEqual(["half", "off", "bad name"]);
    expect(preview.editable).toBe(true);
    for (const bad of ["{", "null", "[1]"]) {
      expect(previewOf(readDraft(bad), saved)).toEqual({
        panels: saved.panels,
        variables: [],
        editable: false,
        leftOut: [],
      });
    }
    expect(readDraft("[1]")).toBe("document: must be a JSON object");
  });

  it("writes a layout into the draft's panels by id, leaving the others", () => {
    const draft = readDraft(
      JSON.stringify({
        name: "d",
        panels: [
          { id: "a", grid: { x: 0, y: 0, w: 1, h: 1 } },
          { id: "b", grid: { x: 1, y: 0, w: 1, h: 1 } },
        ],
      }),
    );
    if (typeof draft === "string") throw new Error(draft);
    const next = withLayout(draft, [{ id: "b", grid: { x: 0, y: 1, w: 24, h: 3 } }]);
    expect(next.panels.map((p) => p.grid)).toEqual([
      { x: 0, y: 0, w: 1, h: 1 },
      { x: 0, y: 1, w: 24, h: 3 },
    ]);
    expect(next.name).toBe("d");
  });

  it("splits the server's refusal into its problems", () => {
    expect(problemsOf("panels.0.title: is required; name: is required")).toEqual([
      "panels.0.title: is required",
      "name: is required",
    ]);
  });
});
