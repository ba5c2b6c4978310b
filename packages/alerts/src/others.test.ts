import { describe, expect, it } from "vitest";
import { alertLabels, seriesFingerprint } from "./labels.ts";
import { metricAlertLink } from "./links.ts";
import { MAX_MATCHER_REGEX_LENGTH, matcherRegexProblem } from "./matcher-regex.ts";
import { replayFiring } from "./replay.ts";
import { isSilenced, silenceMatches } from "./silences.ts";
import { renderSummary } from "./summary.ts";

describe("labels", () => {
  it("adds alertname and severity over the rule's and the series' labels", () => {
    const labels = alertLabels(
      { name: "slow", severity: "critical", labels: { team: "pay" } },
      { "service.name": "x" },
    );
    expect(labels).toEqual({ "service.name": "x", team: "pay", alertname: "slow", severity: "critical" });
  });
  it("fingerprints do not depend on key order", () => {
    expect(seriesFingerprint({ a: "1", b: "2" })).toBe(seriesFingerprint({ b: "2", a: "1" }));
    expect(seriesFingerprint({ a: "1" })).not.toBe(seriesFingerprint({ a: "2" }));
    expect(seriesFingerprint({})).toBe("{}");
  });
});

describe("silences", () => {
  const labels = { alertname: "slow", "service.name": "checkout", severity: "critical" };
  const base = { startsAt: 1000, endsAt: 2000 };
  it("matches when every matcher matches, within the window only", () => {
    const s = { ...base, matchers: [{ label: "service.name", op: "=" as const, value: "checkout" }] };
    expect(silenceMatches(s, labels, 1500)).toBe(true);
    expect(silenceMatches(s, labels, 999)).toBe(false);
    expect(silenceMatches(s, labels, 2000)).toBe(false);
  });
  it("regular expressions match the whole value; missing labels are empty", () => {
    const re = (op: "=~" | "!~", value: string) => ({ ...base, matchers: [{ label: "service.name", op, value }] });
    expect(silenceMatches(re("=~", "check"), labels, 1500)).toBe(false);
    expect(silenceMatches(re("=~", "check.*"), labels, 1500)).toBe(true);
    expect(silenceMatches(re("!~", "pay.*"), labels, 1500)).toBe(true);
    const missing = { ...base, matchers: [{ label: "team", op: "=" as const, value: "" }] };
    expect(silenceMatches(missing, labels, 1500)).toBe(true);
    const two = {
      ...base,
      matchers: [
        { label: "alertname", op: "=" as const, value: "slow" },
        { label: "severity", op: "!=" as const, value: "critical" },
      ],
    };
    expect(isSilenced([two], labels, 1500)).toBe(false);
  });
  it("a catastrophic pattern answers in linear time: (a+)+b against 31 a's under 10 ms", () => {
    const s = { ...base, matchers: [{ label: "service.name", op: "=~" as const, value: "(a+)+b" }] };
    const name = { "service.name": "a".repeat(31) };
    // The first call compiles the pattern (and may instantiate the WebAssembly module).
    expect(silenceMatches(s, name, 1500)).toBe(false);
    const started = performance.now();
    expect(silenceMatches(s, name, 1500)).toBe(false);
    expect(performance.now() - started).toBeLessThan(10);
  });
  it("refuses what RE2 cannot compile and overlong patterns, naming why", () => {
    expect(matcherRegexProblem("check(out)?")).toBeUndefined();
    expect(matcherRegexProblem("(a)\\1")).toMatch(/backreferences and lookaround/);
    expect(matcherRegexProblem("(?=a)a")).toMatch(/RE2/);
    expect(matcherRegexProblem("a".repeat(MAX_MATCHER_REGEX_LENGTH + 1))).toMatch(/longer than/);
    const stored = (op: "=~" | "!~") => ({ ...base, matchers: [{ label: "service.name", op, value: "(?!pay)" }] });
    expect([silenceMatches(stored("=~"), labels, 1500), silenceMatches(stored("!~"), labels, 1500)]).toEqual([
      false,
      false,
    ]);
  });
});

describe("summary", () => {
  it("resolves label names and its own fields only, nothing from the prototype", () => {
    const text = renderSummary({
      template: "[{{constructor}}][{{__proto__}}][{{toString}}][{{labels.hasOwnProperty}}] {{value}} on {{team}}",
      ruleName: "slow",
      subject: "p99(d)",
      conditionText: "> 800",
      threshold: 800,
      value: 900,
      labels: { team: "pay" },
    });
    expect(text).toBe("[][][][] 900 on pay");
    const labelled = renderSummary({
      template: "{{constructor}}",
      ruleName: "slow",
      subject: "p99(d)",
      conditionText: "> 800",
      threshold: 800,
      value: 900,
      labels: { constructor: "acme" },
    });
    expect(labelled).toBe("acme");
  });
  it("fills value, threshold, rule and labels; keeps unknown placeholders", () => {
    const text = renderSummary({
      template: "{{rule}}: p99 {{value}} ms > {{threshold}} on {{service.name}} {{labels.service.name}} {{nope}}",
      ruleName: "slow",
      subject: "p99(d)",
      conditionText: "> 800",
      threshold: 800,
      value: 1234.5678,
      labels: { "service.name": "checkout" },
    });
    expect(text).toBe("slow: p99 1235 ms > 800 on checkout checkout {{nope}}");
  });
  it("has a default", () => {
    const text = renderSummary({
      template: "",
      ruleName: "slow",
      subject: "p99(d)",
      conditionText: "> 800",
      threshold: 800,
      value: null,
      labels: {},
    });
    expect(text).toBe("slow: p99(d) has no data (> 800)");
    const templated = renderSummary({
      template: "p99 is {{value}} ms",
      ruleName: "slow",
      subject: "p99(d)",
      conditionText: "> 800",
      threshold: 800,
      value: null,
      labels: {},
    });
    expect(templated).toBe("slow: p99(d) has no data (> 800)");
  });
});

describe("replay", () => {
  it("returns the intervals in which the rule would have fired", () => {
    const points: [number, number | null][] = [0, 1, 2, 3, 4, 5, 6].map((i) => [
      i * 60_000,
      [1, 9, 9, 9, 1, 9, 9][i] ?? null,
    ]);
    const intervals = replayFiring(points, { op: ">", threshold: 5, for: "1m", noData: "ok" }, 60_000);
    // Evaluated at bucket ends: breaches at 2,3,4 min → firing at 3 min, resolved at 5 min; again from 7 min.
    expect(intervals).toEqual([
      { from: 180_000, to: 300_000 },
      { from: 420_000, to: 420_000 },
    ]);
  });
});

describe("links", () => {
  it("opens the metric view with the rule's query, a range around the breach and the breach highlighted", () => {
    const href = metricAlertLink(
      {
        metric: "http.server.request.duration",
        aggregation: "p99",
        filters: [{ key: "service.name", op: "=", value: "checkout" }],
        groupBy: ["http.route"],
        window: "1m",
      },
      { from: 10_000_000, to: 10_600_000 },
    );
    const url = new URL(href, "http://x");
    expect(url.pathname).toBe("/metrics");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      from: String(10_000_000 - 1_800_000),
      to: String(10_600_000 + 300_000),
      metric: "http.server.request.duration",
      agg: "p99",
      groupBy: "http.route",
      filter: "service.name=checkout",
      step: "1m",
      hlFrom: "10000000",
      hlTo: "10600000",
    });
  });
});
