import { describe, expect, it } from "vitest";
import { mergeSearch } from "../../lib/url-state.ts";
import {
  hasFilters,
  normaliseFilter,
  pastedTraceId,
  readSearch,
  resultsTitle,
  scatterApiParams,
  searchApiParams,
  searchPatch,
} from "./search-state.ts";

const read = (query: string) => {
  const p = new URLSearchParams(query);
  return readSearch(
    (k) => p.get(k) ?? undefined,
    (k) => p.getAll(k),
  );
};

describe("trace search in the URL", () => {
  it("reads every field and drops malformed ones", () => {
    expect(
      read(
        "q=duration%3E500ms%20&service=checkout&name=GET%20%2Fpay&minDurationMs=250&maxDurationMs=abc&status=error&attr=http.route%3D%2Fpay&attr=junk&limit=50",
      ),
    ).toEqual({
      q: "duration>500ms",
      service: "checkout",
      name: "GET /pay",
      minDurationMs: "250",
      maxDurationMs: "",
      status: "Error",
      attr: ["http.route=/pay"],
      sort: "time",
      limit: 50,
    });
    expect(read("limit=7&status=bogus&minDurationMs=-1&sort=spans")).toMatchObject({
      limit: 100,
      status: "",
      minDurationMs: "",
      sort: "time",
    });
  });

  it("round-trips through the URL patch, leaving empty fields and the default limit out", () => {
    const search = read("service=cart&attr=k%21%3Dv&attr=a%3Db&minDurationMs=1.5");
    const query = mergeSearch("from=now-1h&to=now", searchPatch(search));
    expect(query).toBe("from=now-1h&to=now&service=cart&minDurationMs=1.5&attr=k%21%3Dv&attr=a%3Db");
    expect(read(query)).toEqual(search);
  });

  it("sends the range, the filters and the limit to the api", () => {
    const params = searchApiParams(read("status=Ok&attr=a%3Db"), { from: 1, to: 2 });
    expect(params).toEqual({
      from: 1,
      to: 2,
      q: "",
      service: "",
      name: "",
      minDurationMs: "",
      maxDurationMs: "",
      status: "Ok",
      attr: ["a=b"],
      sort: "time",
      limit: 100,
    });
    expect(hasFilters(read(""))).toBe(false);
    expect(hasFilters(read("attr=a%3Db"))).toBe(true);
    expect(hasFilters(read("q=-service%3Afrontend"))).toBe(true);
  });
});

describe("the sort", () => {
  it("lives in the URL (longest first; newest first is the default and stays out)", () => {
    const longest = read("service=cart&sort=duration");
    expect(longest.sort).toBe("duration");
    const query = mergeSearch("from=now-1h", searchPatch(longest));
    expect(query).toBe("from=now-1h&service=cart&sort=duration");
    expect(mergeSearch(query, searchPatch({ ...longest, sort: "time" }))).toBe("from=now-1h&service=cart");
  });

  it("goes to the search api, not to the scatter, which covers the whole range whatever the sort", () => {
    const longest = read("service=cart&sort=duration&limit=20");
    expect(searchApiParams(longest, { from: 1, to: 2 })).toMatchObject({ sort: "duration", limit: 20 });
    const scatter = scatterApiParams(longest, { from: 1, to: 2 });
    expect(scatter).toMatchObject({ from: 1, to: 2, service: "cart" });
    expect(Object.keys(scatter)).not.toContain("sort");
    expect(Object.keys(scatter)).not.toContain("limit");
  });

  it("says which traces a list cut at its limit holds", () => {
    expect(resultsTitle(100, read("sort=duration"))).toBe("100 traces (the 100 longest)");
    expect(resultsTitle(50, read("limit=50"))).toBe("50 traces (the newest 50)");
    expect(resultsTitle(1, read("sort=duration"))).toBe("1 trace");
  });
});

describe("filter chips and pasted trace IDs", () => {
  it("normalises key=value and key!=value", () => {
    expect(normaliseFilter(" http.status_code = 500 ")).toBe("http.status_code=500");
    expect(normaliseFilter("env!=prod")).toBe("env!=prod");
    expect(normaliseFilter("a=")).toBe("a=");
    expect(normaliseFilter("novalue")).toBeUndefined();
    expect(normaliseFilter("=x")).toBeUndefined();
  });
  it("recognises 32 hex characters, dashed forms and traceparent headers", () => {
    const id = "0af7651916cd43dd8448eb211c80319c";
    expect(pastedTraceId(` ${id.toUpperCase()} `)).toBe(id);
    expect(pastedTraceId("0af76519-16cd-43dd-8448-eb211c80319c")).toBe(id);
    expect(pastedTraceId(`00-${id}-b7ad6b7169203331-01`)).toBe(id);
    expect(pastedTraceId("GET /checkout")).toBeUndefined();
    expect(pastedTraceId(id.slice(1))).toBeUndefined();
    expect(pastedTraceId("0".repeat(32))).toBeUndefined();
  });
});
