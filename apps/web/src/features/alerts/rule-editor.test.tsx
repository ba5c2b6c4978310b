import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import type { AlertRule, MetricInfo } from "@tracelight/contracts";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { RuleEditor } from "./rule-editor.tsx";
import { type Recorded, renderWithClient, stubApi } from "./test-harness.tsx";

vi.mock("next/link", () => ({
  default: ({ href, children, ...rest }: { href: string; children: ReactNode }) => (
    <a href={href} {...rest}>
      {children}
    </a>
  ),
}));
const router = vi.hoisted(() => ({ push: vi.fn(), replace: vi.fn(), refresh: vi.fn() }));
vi.mock("next/navigation", () => ({
  useRouter: () => router,
  usePathname: () => "/alerts/rules/new",
  useSearchParams: () => new URLSearchParams(),
}));
vi.mock("../../components/chart.tsx", () => ({
  Chart: ({ option, testId }: { option: unknown; testId?: string }) => (
    <pre data-testid={testId}>{JSON.stringify(option)}</pre>
  ),
}));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  router.push.mockReset();
});

const metrics: MetricInfo[] = [
  {
    name: "http.server.duration",
    type: "histogram",
    unit: "ms",
    units: ["ms"],
    description: "",
    services: ["checkout"],
  },
  { name: "queue.depth", type: "gauge", unit: "", units: [""], description: "", services: ["worker"] },
];
const channels = [{ id: "c1", name: "ops", type: "webhook" as const, url: "http://x", createdAt: "", updatedAt: "" }];

const preview = {
  stepMs: 60_000,
  unit: "ms",
  warnings: [] as string[],
  series: [{ labels: {}, points: [[1, 900]], firing: [{ from: 1, to: 2 }] }],
};

function answer(req: Recorded) {
  if (req.path === "/alert-rules/preview") return { status: 200, body: preview };
  if (req.path === "/alert-rules" && req.method === "POST") return { status: 201, body: { id: "r1" } };
  return undefined;
}

/** A stored log-count rule ("errors" on checkout, over 50 in 5m); `change` overrides fields. */
function logRule(change: Partial<AlertRule> = {}): AlertRule {
  return {
    id: "r9",
    name: "errors",
    kind: "logs",
    query: { service: "checkout", severity: "ERROR", filters: [], groupBy: [], window: "5m" },
    condition: { op: ">", threshold: 50, for: "0s", noData: "ok" },
    labels: {},
    severity: "warning",
    summary: "",
    channelIds: [],
    enabled: true,
    createdAt: "",
    updatedAt: "t",
    counts: { ok: 1, pending: 0, firing: 0, resolved: 0 },
    health: { lastEvalAt: null, error: null },
    ...change,
  } as AlertRule;
}

function editor(rule?: AlertRule) {
  renderWithClient(
    <RuleEditor rule={rule} channels={channels} pickers={{ metrics, attributeKeys: [], services: [] }} />,
  );
}

const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });

function pickMetric(name: string) {
  const input = screen.getByTestId("metric-select");
  fireEvent.focus(input);
  fireEvent.change(input, { target: { value: name } });
  fireEvent.keyDown(input, { key: "Enter" });
}

describe("RuleEditor", () => {
  it("says what is missing and sends nothing when saved empty", async () => {
    const asked = stubApi(answer);
    editor();
    expect(screen.getByTestId("rule-preview-incomplete").textContent).toContain("metric pick a metric");
    fireEvent.click(screen.getByTestId("rule-save"));
    expect(screen.getByTestId("rule-name-error").textContent).toBe("is required");
    expect(screen.getByTestId("rule-metric-error").textContent).toBe("pick a metric");
    expect(screen.getByTestId("rule-threshold-error").textContent).toBe("is required");
    expect(screen.getByTestId("rule-invalid")).toBeTruthy();
    expect(asked.filter((r) => r.method === "POST")).toEqual([]);
  });

  it("offers the metric type's aggregations, previews the draft and saves it", async () => {
    const asked = stubApi(answer);
    editor();
    pickMetric("http.server.duration");
    const agg = screen.getByTestId("rule-agg-select") as HTMLSelectElement;
    expect(Array.from(agg.options).map((o) => o.value)).toEqual(["p99", "p50", "p90", "p95", "avg", "rate", "count"]);
    expect(agg.value).toBe("p99");
    type("rule-threshold-input", "800");
    type("rule-for-input", "5m");
    fireEvent.click(screen.getByText("ops"));

    // The preview goes out once the draft is complete, without a name.
    const summary = await screen.findByTestId("rule-preview-summary", {}, { timeout: 3000 });
    expect(summary.dataset.fired).toBe("1");
    expect(summary.textContent).toContain("Would have fired 1 time in the last 6 h");
    const sent = asked.find((r) => r.path === "/alert-rules/preview")?.body as {
      rule: { name: string; query: unknown };
    };
    expect(sent.rule.query).toEqual({
      metric: "http.server.duration",
      aggregation: "p99",
      filters: [],
      groupBy: [],
      window: "1m",
    });
    expect(sent.rule.name).toBe("preview");
    expect(
      JSON.parse(screen.getByTestId("rule-preview-chart").textContent ?? "{}").series[0].markLine.data[0].yAxis,
    ).toBe(800);

    type("rule-name-input", "checkout slow");
    fireEvent.click(screen.getByTestId("rule-save"));
    await waitFor(() => expect(router.push).toHaveBeenCalledWith("/alerts"));
    const saved = asked.find((r) => r.path === "/alert-rules" && r.method === "POST")?.body;
    expect(saved).toMatchObject({
      name: "checkout slow",
      kind: "metric",
      condition: { op: ">", threshold: 800, for: "5m", unit: "ms" },
      channelIds: ["c1"],
    });
  });

  it("writes the threshold in a unit that converts into the metric's, and sends it with the rule", async () => {
    const asked = stubApi((req) =>
      req.path === "/alert-rules/preview"
        ? { status: 200, body: { ...preview, warnings: ['http.server.duration{service.name=old}: "By"'] } }
        : answer(req),
    );
    editor();
    pickMetric("http.server.duration");
    const unit = screen.getByTestId("rule-threshold-unit-select") as HTMLSelectElement;
    expect(Array.from(unit.options, (o) => [o.value, o.textContent])).toEqual([
      ["ns", "ns"],
      ["us", "µs"],
      ["ms", "ms"],
      ["s", "s"],
      ["min", "min"],
      ["h", "h"],
    ]);
    expect(unit.value).toBe("ms");
    fireEvent.change(unit, { target: { value: "s" } });
    type("rule-threshold-input", "0.8");

    // The preview draws the threshold in the values' unit and names the series it left out.
    const warnings = await screen.findByTestId("rule-preview-warnings", {}, { timeout: 3000 });
    expect(warnings.textContent).toContain('http.server.duration{service.name=old}: "By"');
    await waitFor(() =>
      expect(asked.find((r) => r.path === "/alert-rules/preview")?.body).toMatchObject({
        rule: { condition: { threshold: 0.8, unit: "s" } },
      }),
    );
    const option = JSON.parse(screen.getByTestId("rule-preview-chart").textContent ?? "{}");
    expect(option.series[0].markLine.data[0].yAxis).toBeCloseTo(800);
    expect(option.series[0].markLine.data[0].name).toBe("> 800 ms");

    type("rule-name-input", "checkout slow");
    fireEvent.click(screen.getByTestId("rule-save"));
    await waitFor(() => expect(router.push).toHaveBeenCalledWith("/alerts"));
    const saved = asked.find((r) => r.path === "/alert-rules" && r.method === "POST")?.body;
    expect(saved).toMatchObject({ condition: { op: ">", threshold: 0.8, unit: "s" } });
  });

  it("keeps a rule's threshold unit when editing, and drops it for a count, whose values have none", async () => {
    const asked = stubApi((req) => (req.method === "PUT" ? { status: 200, body: {} } : answer(req)));
    editor({
      id: "r2",
      name: "slow",
      kind: "metric",
      query: { metric: "http.server.duration", aggregation: "p99", filters: [], groupBy: [], window: "1m" },
      condition: { op: ">", threshold: 1.5, unit: "s", for: "0s", noData: "ok" },
      labels: {},
      severity: "warning",
      summary: "",
      channelIds: [],
      enabled: true,
      createdAt: "",
      updatedAt: "t",
      counts: { ok: 1, pending: 0, firing: 0, resolved: 0 },
      health: { lastEvalAt: null, error: null },
    });
    expect((screen.getByTestId("rule-threshold-unit-select") as HTMLSelectElement).value).toBe("s");
    fireEvent.change(screen.getByTestId("rule-agg-select"), { target: { value: "count" } });
    expect(screen.queryByTestId("rule-threshold-unit")).toBeNull();
    fireEvent.click(screen.getByTestId("rule-save"));
    await waitFor(() => expect(router.push).toHaveBeenCalledWith("/alerts"));
    const put = asked.find((r) => r.method === "PUT")?.body as { condition: Record<string, unknown> };
    expect(put.condition).toMatchObject({ threshold: 1.5 });
    expect(put.condition).not.toHaveProperty("unit");
  });

  it("shows the server's 400 message next to the fields it names", async () => {
    stubApi((req) =>
      req.path === "/alert-rules" && req.method === "POST"
        ? {
            status: 400,
            body: {
              error: {
                code: "invalid_request",
                message: "query.metric: no such metric; channelIds.0: no channel with this id; x.y: odd",
              },
            },
          }
        : answer(req),
    );
    editor();
    pickMetric("queue.depth");
    type("rule-name-input", "deep");
    type("rule-threshold-input", "100");
    fireEvent.click(screen.getByTestId("rule-save"));
    expect((await screen.findByTestId("rule-metric-error")).textContent).toBe("no such metric");
    expect(screen.getByTestId("rule-channels-error").textContent).toBe("no channel with this id");
    expect(screen.getByTestId("rule-errors").textContent).toBe("x.y: odd");
    expect(router.push).not.toHaveBeenCalled();
    // Editing clears the server's verdict.
    type("rule-threshold-input", "101");
    expect(screen.queryByTestId("rule-metric-error")).toBeNull();
  });

  it("offers no delete for a built-in rule, saying to disable it instead", () => {
    stubApi((req) => (req.path.startsWith("/alert-rules/preview") ? { status: 200, body: preview } : undefined));
    editor(logRule({ id: "b1", name: "Tracelight ingest refusing requests", builtinKey: "ingest-refusing" }));
    expect(screen.queryByTestId("rule-delete")).toBeNull();
    expect(screen.getByTestId("rule-builtin").textContent).toMatch(/disable it rather than delete it/);
    expect(screen.getByTestId("rule-toggle-enabled")).toBeTruthy();
  });

  it("edits a log-count rule with PUT", async () => {
    const asked = stubApi((req) =>
      req.method === "PUT"
        ? { status: 200, body: {} }
        : req.path.startsWith("/alert-rules/preview")
          ? { status: 200, body: { ...preview, series: [] } }
          : undefined,
    );
    editor(logRule());
    expect((screen.getByTestId("rule-service-input") as HTMLInputElement).value).toBe("checkout");
    expect(await screen.findByTestId("rule-preview-empty", {}, { timeout: 3000 })).toBeTruthy();
    fireEvent.click(screen.getByTestId("rule-mode-nofm"));
    type("rule-n-input", "2");
    type("rule-m-input", "3");
    fireEvent.click(screen.getByTestId("rule-save"));
    await waitFor(() => expect(router.push).toHaveBeenCalledWith("/alerts"));
    const put = asked.find((r) => r.method === "PUT");
    expect(put?.path).toBe("/alert-rules/r9");
    expect(put?.body).toMatchObject({ kind: "logs", condition: { for: "0s", nOfM: { n: 2, m: 3 } } });
  });
});
