import { ChannelInputSchema, SilenceInputSchema } from "@tracelight/contracts";
import { describe, expect, it } from "vitest";
import { toLocalInput } from "../../lib/time-range.ts";
import { channelDraft, checkChannel } from "./channel-draft.ts";
import { checkSilence, emptySilence, matchersForAlert } from "./silence-draft.ts";

const NOW = Date.parse("2030-01-01T12:00:00Z");

describe("checkSilence", () => {
  it("builds a body with a duration, or with an end time", () => {
    const draft = { ...emptySilence([{ label: "alertname", op: "=" as const, value: "slow" }]), comment: " deploy " };
    const { body } = checkSilence(draft, NOW);
    expect(body).toEqual({
      matchers: [{ label: "alertname", op: "=", value: "slow" }],
      duration: "2h",
      comment: "deploy",
    });
    expect(SilenceInputSchema.safeParse(body).success).toBe(true);
    const end = NOW + 3_600_000;
    const at = checkSilence({ ...draft, endMode: "endsAt", endsAt: toLocalInput(end) }, NOW).body;
    expect(at?.endsAt).toBe(Math.floor(end / 60_000) * 60_000);
  });

  it("names the matcher, duration and end-time problems", () => {
    expect(checkSilence({ ...emptySilence([]), duration: "2 hours" }, NOW).errors).toEqual({
      matchers: "at least one matcher is required",
      duration: 'must be a duration such as "30m", "2h" or "1d"',
    });
    expect(
      checkSilence(
        {
          ...emptySilence([
            { label: "", op: "=", value: "x" },
            { label: "route", op: "=~", value: "(" },
          ]),
          duration: "10s",
        },
        NOW,
      ).errors,
    ).toEqual({
      "matchers.0.label": "is required",
      "matchers.1.value": "is not a valid regular expression",
      duration: "must be between 1m and 90d",
    });
    const past = checkSilence(
      { ...emptySilence([{ label: "a", op: "=", value: "" }]), endMode: "endsAt", endsAt: toLocalInput(NOW - 60_000) },
      NOW,
    );
    expect(past.errors).toEqual({ endsAt: "must be in the future" });
  });
});

describe("matchersForAlert", () => {
  it("matches the rule name and the series labels, not the rule's own labels", () => {
    const alert = {
      ruleName: "slow",
      labels: {
        alertname: "slow",
        severity: "critical",
        team: "pay",
        "http.route": "/pay",
        "service.name": "checkout",
      },
    };
    const rule = {
      query: {
        metric: "m",
        aggregation: "p99" as const,
        filters: [],
        groupBy: ["http.route", "service.name"],
        window: "1m",
      },
    };
    expect(matchersForAlert(alert, rule)).toEqual([
      { label: "alertname", op: "=", value: "slow" },
      { label: "http.route", op: "=", value: "/pay" },
      { label: "service.name", op: "=", value: "checkout" },
    ]);
  });
});

describe("checkChannel", () => {
  it("accepts an http(s) URL and names a missing name or a bad URL", () => {
    const { body } = checkChannel({ name: " ops ", type: "slack", url: "https://hooks.example/x" });
    expect(body).toEqual({ name: "ops", type: "slack", url: "https://hooks.example/x" });
    expect(ChannelInputSchema.safeParse(body).success).toBe(true);
    expect(checkChannel({ ...channelDraft(), url: "ftp://x" }).errors).toEqual({
      name: "is required",
      url: "must be an http:// or https:// URL",
    });
  });
});
