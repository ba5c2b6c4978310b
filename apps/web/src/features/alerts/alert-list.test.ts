import type { Alert, AlertRule } from "@tracelight/contracts";
import { describe, expect, it } from "vitest";
import { buildRows, countByState, displayState, filterRows, readSort, readState, sortRows } from "./alert-list.ts";

function alert(id: string, patch: Partial<Alert> = {}): Alert {
  return {
    id,
    ruleId: "r1",
    ruleName: "checkout slow",
    severity: "warning",
    state: "firing",
    silenced: false,
    startedAt: 1_000,
    firedAt: 2_000,
    resolvedAt: null,
    lastEvalAt: 3_000,
    labels: { alertname: "checkout slow", "service.name": "checkout" },
    value: 900,
    unit: "ms",
    summary: "p99 is 900 ms",
    evidence: null,
    links: { alert: `/alerts/${id}`, metric: null },
    ...patch,
  };
}

function rule(id: string, name: string, patch: Partial<AlertRule> = {}): AlertRule {
  return {
    id,
    name,
    kind: "metric",
    query: { metric: "m", aggregation: "avg", filters: [], groupBy: [], window: "1m" },
    condition: { op: ">", threshold: 1, for: "0s", noData: "ok" },
    labels: { team: "pay" },
    severity: "info",
    summary: "",
    channelIds: [],
    enabled: true,
    createdAt: "",
    updatedAt: "",
    counts: { ok: 0, pending: 0, firing: 0, resolved: 0 },
    health: { lastEvalAt: null, error: null },
    ...patch,
  };
}

describe("displayState", () => {
  it("shows a silenced firing or pending alert as silenced, a silenced resolved one as resolved", () => {
    expect(displayState({ state: "firing", silenced: true })).toBe("silenced");
    expect(displayState({ state: "pending", silenced: true })).toBe("silenced");
    expect(displayState({ state: "resolved", silenced: true })).toBe("resolved");
    expect(displayState({ state: "firing", silenced: false })).toBe("firing");
  });
});

describe("buildRows", () => {
  it("lists every alert and adds an ok row for each rule with nothing firing or pending", () => {
    const rows = buildRows(
      [alert("a1"), alert("a2", { ruleId: "r2", ruleName: "errors", state: "resolved" })],
      [
        rule("r1", "checkout slow", { counts: { ok: 0, pending: 0, firing: 1, resolved: 0 } }),
        rule("r2", "errors", { counts: { ok: 0, pending: 0, firing: 0, resolved: 1 } }),
        rule("r3", "queue deep", { enabled: false }),
      ],
    );
    expect(rows.map((r) => [r.key, r.state, r.href])).toEqual([
      ["alert:a1", "firing", "/alerts/a1"],
      ["alert:a2", "resolved", "/alerts/a2"],
      ["rule:r2", "ok", "/alerts/rules/r2"],
      ["rule:r3", "ok", "/alerts/rules/r3"],
    ]);
    expect(rows[3]?.enabled).toBe(false);
    expect(countByState(rows)).toEqual({ firing: 1, pending: 0, silenced: 0, resolved: 1, ok: 2 });
  });

  it("goes by the listed alerts, not the rule's counts", () => {
    const rows = buildRows([alert("a1", { state: "pending" })], [rule("r1", "checkout slow")]);
    expect(rows.map((r) => r.state)).toEqual(["pending"]);
    // A disabled rule's alerts are not listed, but its counts still hold them: it shows as a quiet rule.
    const disabled = rule("r1", "checkout slow", {
      enabled: false,
      counts: { ok: 0, pending: 0, firing: 1, resolved: 0 },
    });
    expect(buildRows([], [disabled]).map((r) => [r.state, r.enabled])).toEqual([["ok", false]]);
  });
});

describe("filterRows and sortRows", () => {
  const rows = buildRows(
    [
      alert("old-critical", { severity: "critical", startedAt: 100, ruleName: "b rule" }),
      alert("new-warning", { startedAt: 500, ruleName: "c rule" }),
      alert("newer-critical", { severity: "critical", startedAt: 400, ruleName: "a rule" }),
      alert("pending", { state: "pending", startedAt: 900, ruleName: "d rule" }),
      alert("silenced", { silenced: true, startedAt: 950, ruleName: "e rule" }),
      alert("resolved", { state: "resolved", startedAt: 990, resolvedAt: 999, ruleName: "f rule" }),
    ],
    [rule("quiet", "0 quiet")],
  );
  const ids = (list: { key: string }[]) => list.map((r) => r.key.replace(/^\w+:/, ""));

  it("sorts by urgency: state, then severity, then newest", () => {
    expect(ids(sortRows(rows, "state"))).toEqual([
      "newer-critical",
      "old-critical",
      "new-warning",
      "pending",
      "silenced",
      "resolved",
      "quiet",
    ]);
  });

  it("sorts by start time (never started last) and by rule name", () => {
    expect(ids(sortRows(rows, "started"))).toEqual([
      "resolved",
      "silenced",
      "pending",
      "new-warning",
      "newer-critical",
      "old-critical",
      "quiet",
    ]);
    expect(ids(sortRows(rows, "rule"))[0]).toBe("quiet");
    expect(ids(sortRows(rows, "rule"))[1]).toBe("newer-critical");
  });

  it("filters by state and by text in rule name, labels or summary", () => {
    expect(ids(filterRows(rows, "silenced", ""))).toEqual(["silenced"]);
    expect(ids(filterRows(rows, "ok", ""))).toEqual(["quiet"]);
    expect(filterRows(rows, undefined, "SERVICE.NAME=checkout")).toHaveLength(6);
    expect(ids(filterRows(rows, undefined, "team=pay"))).toEqual(["quiet"]);
    expect(ids(filterRows(rows, "firing", "a rule"))).toEqual(["newer-critical"]);
    expect(filterRows(rows, undefined, "p99 is")).toHaveLength(6);
  });

  it("reads state and sort from the URL, ignoring unknown values", () => {
    expect(readState("silenced")).toBe("silenced");
    expect(readState("bogus")).toBeUndefined();
    expect(readSort("rule")).toBe("rule");
    expect(readSort(undefined)).toBe("state");
  });
});
