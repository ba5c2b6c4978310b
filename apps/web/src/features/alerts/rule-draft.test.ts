import type { AlertRule } from "@tracelight/contracts";
import { AlertRuleBodySchema } from "@tracelight/contracts";
import { describe, expect, it } from "vitest";
import { checkDraft, draftFromRule, emptyDraft, previewRule, type RuleDraft, withKind } from "./rule-draft.ts";

const story: RuleDraft = {
  ...emptyDraft(),
  name: "checkout p99 slow",
  metric: "http.server.duration",
  aggregation: "p99",
  filters: [{ key: "service.name", op: "=", value: "checkout" }],
  groupBy: ["http.route"],
  threshold: "800",
  for: "5m",
  severity: "critical",
  labels: [
    { key: "team", value: "payments" },
    { key: "", value: "" },
  ],
  summary: "p99 is {{value}}",
  channelIds: ["c1"],
};

describe("checkDraft", () => {
  it("builds the story's rule as the API takes it, and the API's schema accepts it", () => {
    const { body, errors } = checkDraft(story, "histogram");
    expect(errors).toEqual({});
    expect(body).toEqual({
      kind: "metric",
      name: "checkout p99 slow",
      enabled: true,
      query: {
        metric: "http.server.duration",
        aggregation: "p99",
        filters: ["service.name=checkout"],
        groupBy: ["http.route"],
        window: "1m",
      },
      condition: { op: ">", threshold: 800, for: "5m", noData: "ok" },
      labels: { team: "payments" },
      severity: "critical",
      summary: "p99 is {{value}}",
      channelIds: ["c1"],
    });
    expect(AlertRuleBodySchema.safeParse(body).success).toBe(true);
  });

  it("builds a log-count rule with N of M and an outside range", () => {
    const draft: RuleDraft = {
      ...withKind(emptyDraft(), "logs"),
      name: "errors",
      service: "checkout",
      logSeverity: "ERROR",
      text: " timeout ",
      filters: [{ key: "env", op: "!=", value: "dev" }],
      op: "outside",
      threshold: "1",
      thresholdHigh: "50",
      mode: "nOfM",
      n: "2",
      m: "3",
      noData: "keep",
    };
    const { body, errors } = checkDraft(draft);
    expect(errors).toEqual({});
    expect(body?.query).toEqual({
      service: "checkout",
      severity: "ERROR",
      text: "timeout",
      filters: ["env!=dev"],
      groupBy: [],
      window: "5m",
    });
    expect(body?.condition).toEqual({
      op: "outside",
      threshold: 1,
      thresholdHigh: 50,
      for: "0s",
      nOfM: { n: 2, m: 3 },
      noData: "keep",
    });
    expect(AlertRuleBodySchema.safeParse(body).success).toBe(true);
  });

  it("names every missing or malformed field by the API's path", () => {
    const { body, errors } = checkDraft({
      ...emptyDraft(),
      window: "5 minutes",
      threshold: "12abc",
      op: "outside",
      thresholdHigh: "",
      for: "soon",
      labels: [{ key: "bad key", value: "x" }],
    });
    expect(body).toBeUndefined();
    expect(errors).toEqual({
      name: "is required",
      "query.metric": "pick a metric",
      "query.aggregation": "pick an aggregation",
      "query.window": 'must be a duration such as "30s", "5m" or "1h"',
      "condition.threshold": "must be a number",
      "condition.thresholdHigh": 'is required when op is "outside"',
      "condition.for": 'must be a duration such as "30s", "5m" or "1h" (0s fires at once)',
      labels: '"bad key": label names are letters, digits, _ and .',
    });
  });

  it("checks ranges: window bounds, high below low, n above m, aggregation for the type", () => {
    const { errors } = checkDraft(
      {
        ...story,
        window: "5s",
        op: "outside",
        threshold: "10",
        thresholdHigh: "5",
        mode: "nOfM",
        n: "4",
        m: "3",
        aggregation: "rate",
      },
      "gauge",
    );
    expect(errors).toEqual({
      "query.window": "must be between 10s and 24h",
      "query.aggregation": "rate is not offered for a gauge metric",
      "condition.thresholdHigh": "must not be below threshold",
      "condition.nOfM.n": "must not exceed m",
    });
    expect(checkDraft({ ...story, mode: "nOfM", n: "1", m: "101" }).errors).toEqual({
      "condition.nOfM.m": "must be a whole number from 1 to 100",
    });
  });

  it("takes an empty for as 0s and a duplicate label as an error", () => {
    expect(checkDraft({ ...story, for: "" }).body?.condition.for).toBe("0s");
    expect(
      checkDraft({
        ...story,
        labels: [
          { key: "a", value: "1" },
          { key: "a", value: "2" },
        ],
      }).errors,
    ).toEqual({ labels: '"a" appears twice' });
  });
});

describe("previewRule", () => {
  it("previews a draft without a name but not an incomplete one", () => {
    expect(previewRule({ ...story, name: "" })?.name).toBe("preview");
    expect(previewRule({ ...story, threshold: "" })).toBeUndefined();
  });
});

describe("draftFromRule and withKind", () => {
  it("round-trips a saved rule through the editor", () => {
    const body = checkDraft(story).body;
    const saved = AlertRuleBodySchema.parse(body);
    const rule: AlertRule = {
      ...saved,
      id: "r1",
      createdAt: "",
      updatedAt: "",
      counts: { ok: 0, pending: 0, firing: 0, resolved: 0 },
      health: { lastEvalAt: null, error: null },
    };
    const draft = draftFromRule(rule);
    expect(checkDraft(draft).body).toEqual(body);
    const nOfM = draftFromRule({ ...rule, condition: { ...rule.condition, for: "0s", nOfM: { n: 2, m: 4 } } });
    expect([nOfM.mode, nOfM.n, nOfM.m, nOfM.for]).toEqual(["nOfM", "2", "4", "5m"]);
  });

  it("switching kind clears the query's filters and moves an untouched window to the kind's default", () => {
    const logs = withKind(story, "logs");
    expect([logs.kind, logs.window, logs.filters, logs.groupBy]).toEqual(["logs", "5m", [], []]);
    expect(withKind({ ...story, window: "2m" }, "logs").window).toBe("2m");
    expect(withKind(story, "metric")).toBe(story);
  });
});
