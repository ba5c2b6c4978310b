import { describe, expect, it } from "vitest";
import { DashboardInputSchema } from "./dashboards.ts";

const problems = (input: unknown) => {
  const result = DashboardInputSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

const panel = (extra: object) => ({ id: "a", title: "A", grid: { x: 0, y: 0, w: 12, h: 6 }, ...extra });

describe("DashboardInputSchema", () => {
  it("takes each panel kind with its route's query parameters, and $variables that are defined", () => {
    const input = {
      name: "Checkout",
      variables: [
        { name: "service", kind: "service" },
        { name: "env", kind: "custom", multi: true, values: ["prod", "staging"], default: ["prod"] },
      ],
      panels: [
        panel({
          id: "m",
          kind: "timeseries",
          queries: [{ metric: "m", agg: "p99", groupBy: ["service.name"], filter: ["env=$env"] }],
        }),
        panel({
          id: "s",
          kind: "stat",
          queries: [{ metric: "m" }],
          options: { thresholds: [{ value: 1, color: "red" }] },
        }),
        panel({ id: "l", kind: "logs", queries: [{ service: "$service", severity: "warn", attr: ["k=v"] }] }),
        panel({ id: "v", kind: "log-volume", queries: [{ service: "$service", step: "1m" }] }),
        panel({ id: "t", kind: "traces", queries: [{ service: "$service", minDurationMs: "500", sort: "duration" }] }),
        panel({ id: "d", kind: "markdown", options: { text: "costs $$5" } }),
      ],
    };
    expect(problems(input)).toEqual([]);
    expect(DashboardInputSchema.parse(input).variables[0]?.multi).toBe(false);
  });

  it("names the path of every problem", () => {
    expect(
      problems({
        name: " ",
        variables: [{ name: "1x", kind: "attribute" }],
        panels: [
          panel({
            kind: "timeseries",
            grid: { x: 23, y: 0, w: 2, h: 1 },
            queries: [{ metric: "m", step: "soon", from: "now-1h" }],
          }),
          panel({ kind: "traces", queries: [{ status: "Broken", service: "$nope" }] }),
          panel({ kind: "pie" }),
          panel({ kind: "markdown" }),
        ],
      }),
    ).toEqual([
      "name: is required",
      "variables.0.name: must be a letter or _, then letters, digits or _ (at most 64)",
      "variables.0.attribute: is required for an attribute variable",
      "panels.0.grid.w: x + w must be at most 24",
      expect.stringMatching(/^panels\.0\.queries\.0\.from: is not a parameter \(one of metric, agg, /),
      expect.stringMatching(/^panels\.0\.queries\.0\.step: "soon" is not a step/),
      "panels.1.queries.0.status: must be Unset, Ok or Error",
      "panels.2.kind: must be one of timeseries, stat, bar, table, logs, traces, log-volume, markdown",
      expect.stringMatching(/^panels\.3\.options: /),
    ]);
  });

  it("checks ids and variable references across panels once each panel is well formed", () => {
    const twice = [
      panel({ kind: "traces", queries: [{ service: "$nope" }] }),
      panel({ kind: "markdown", options: { text: "" } }),
    ];
    expect(problems({ name: "Refs", panels: twice })).toEqual([
      "panels.1.id: a is used twice",
      "panels.0.queries.0.service: $nope is not a variable of the dashboard",
    ]);
  });

  it("caps panels, variables and queries per panel", () => {
    const many = (n: number, f: (i: number) => object) => Array.from({ length: n }, (_, i) => f(i));
    expect(
      problems({
        name: "Big",
        variables: many(21, (i) => ({ name: `v${i}`, kind: "service" })),
        panels: [
          ...many(100, (i) => panel({ id: `p${i}`, kind: "markdown", options: { text: "" } })),
          panel({ id: "q", kind: "logs", queries: many(11, () => ({})) }),
        ],
      }),
    ).toEqual([
      "variables: at most 20 variables",
      "panels.100.queries: at most 10 queries",
      "panels: at most 100 panels",
    ]);
  });
});
