import { describe, expect, it } from "vitest";
import { mergeSearch } from "../../lib/url-state.ts";
import {
  addAttributeFilter,
  EMPTY_FILTERS,
  hasAnyFilter,
  type LogFilterState,
  logFiltersKey,
  logFiltersPatch,
  parseLogFilters,
  removeAttributeFilter,
  traceIdProblem,
} from "./log-filters.ts";

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

describe("parseLogFilters", () => {
  it("reads every filter, normalising IDs and severity", () => {
    const search = new URLSearchParams();
    search.set("from", "now-1h");
    search.set("q", "  payment declined ");
    search.set("traceId", ` ${TRACE.toUpperCase()} `);
    search.set("spanId", "00F067AA0BA902B7");
    search.set("service", "checkout");
    search.set("severity", "warning");
    search.append("attr", "http.route=/pay");
    search.append("attr", "region!=eu");
    expect(parseLogFilters(search)).toEqual({
      q: "payment declined",
      traceId: TRACE,
      spanId: "00f067aa0ba902b7",
      service: "checkout",
      severity: "WARN",
      attr: [
        { key: "http.route", op: "=", value: "/pay" },
        { key: "region", op: "!=", value: "eu" },
      ],
    });
  });

  it("gives empty filters for an empty query and drops what it cannot read", () => {
    expect(parseLogFilters("")).toEqual(EMPTY_FILTERS);
    expect(parseLogFilters("severity=loud&attr=novalue&attr==x&attr=a%3D1&attr=a%3D1")).toEqual({
      ...EMPTY_FILTERS,
      attr: [{ key: "a", op: "=", value: "1" }],
    });
  });
});

describe("logFiltersPatch", () => {
  const state: LogFilterState = {
    q: "timeout",
    traceId: TRACE,
    spanId: "",
    service: "cart",
    severity: "ERROR",
    attr: [
      { key: "url", op: "=", value: "a=b&c" },
      { key: "k", op: "!=", value: "" },
    ],
  };

  it("round-trips through the URL, attribute chips included", () => {
    const search = mergeSearch("from=now-1h&to=now", logFiltersPatch(state));
    expect(search).toContain("from=now-1h&to=now&");
    expect(new URLSearchParams(search).getAll("attr")).toEqual(["url=a=b&c", "k!="]);
    expect(parseLogFilters(search)).toEqual(state);
  });

  it("removes keys of cleared filters and keeps the range", () => {
    const before = mergeSearch("from=1&to=2", logFiltersPatch(state));
    expect(mergeSearch(before, logFiltersPatch(EMPTY_FILTERS))).toBe("from=1&to=2");
  });

  it("keys filters stably, ignoring the range", () => {
    expect(logFiltersKey(state)).toBe(logFiltersKey(parseLogFilters(mergeSearch("from=9", logFiltersPatch(state)))));
    expect(logFiltersKey({ ...state, q: "other" })).not.toBe(logFiltersKey(state));
    expect(hasAnyFilter(EMPTY_FILTERS)).toBe(false);
    expect(hasAnyFilter({ ...EMPTY_FILTERS, severity: "INFO" })).toBe(true);
  });
});

describe("trace ID validation", () => {
  it("accepts 32 hex characters in any case, or nothing", () => {
    expect(traceIdProblem(TRACE)).toBeUndefined();
    expect(traceIdProblem(` ${TRACE.toUpperCase()} `)).toBeUndefined();
    expect(traceIdProblem("")).toBeUndefined();
  });
  it("says what is wrong", () => {
    expect(traceIdProblem("abc")).toMatch(/32 hexadecimal characters; this one has 3/);
    expect(traceIdProblem(`${TRACE.slice(0, 31)}z`)).toMatch(/only hexadecimal/);
  });
});

describe("attribute chips", () => {
  it("adds key=value and key!=value once, refuses other text, removes by value", () => {
    const one = addAttributeFilter([], " http.status_code=500 ");
    expect(one).toEqual([{ key: "http.status_code", op: "=", value: "500" }]);
    expect(addAttributeFilter(one ?? [], "http.status_code=500")).toBe(one);
    const two = addAttributeFilter(one ?? [], "env!=dev") ?? [];
    expect(two).toHaveLength(2);
    expect(addAttributeFilter(two, "just words")).toBeUndefined();
    expect(removeAttributeFilter(two, { key: "env", op: "!=", value: "dev" })).toEqual(one);
  });
});
