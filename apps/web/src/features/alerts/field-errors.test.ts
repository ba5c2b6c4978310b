import { describe, expect, it } from "vitest";
import { errorFor, parseApiMessage, unplacedErrors } from "./field-errors.ts";

describe("parseApiMessage", () => {
  it("splits 'path: message; path: message' into field errors", () => {
    const parsed = parseApiMessage(
      'query.window: must be a duration such as "30s", "5m" or "1h"; condition.thresholdHigh: is required when op is "outside"',
    );
    expect(parsed).toEqual({
      fields: {
        "query.window": 'must be a duration such as "30s", "5m" or "1h"',
        "condition.thresholdHigh": 'is required when op is "outside"',
      },
      general: [],
    });
  });

  it("drops the preview's 'rule.' prefix and keeps messages without a path as general", () => {
    expect(parseApiMessage("something broke; rule.query.metric: is required", "rule")).toEqual({
      fields: { "query.metric": "is required" },
      general: ["something broke"],
    });
    expect(parseApiMessage("the store is not reachable")).toEqual({
      fields: {},
      general: ["the store is not reachable"],
    });
  });

  it("keeps a semicolon inside a message and joins two messages for one field", () => {
    expect(parseApiMessage("name: is required; a; b; name: at most 200 characters").fields).toEqual({
      name: "is required; a; b; at most 200 characters",
    });
  });
});

describe("errorFor and unplacedErrors", () => {
  const errors = { "condition.nOfM.n": "must not exceed m", labels: "bad", "query.bogus": "?" };

  it("finds a field's own error or one about a part of it", () => {
    expect(errorFor(errors, "condition.nOfM")).toBe("must not exceed m");
    expect(errorFor(errors, "labels")).toBe("bad");
    expect(errorFor(errors, "condition.for")).toBeUndefined();
  });

  it("lists the errors no shown field covers", () => {
    expect(unplacedErrors(errors, ["condition.nOfM", "labels"])).toEqual(["query.bogus: ?"]);
  });
});
