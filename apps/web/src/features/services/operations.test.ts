import { describe, expect, it } from "vitest";
import { routeTracesHref, toggleRoute } from "./operations.ts";

describe("routeTracesHref", () => {
  const range = { from: "now-1h", to: "now" };
  it("searches by http.route for path-like routes", () => {
    const href = routeTracesHref("checkout", "/api/orders/:id", range);
    const url = new URL(href, "http://x");
    expect(url.pathname).toBe("/traces");
    expect(url.searchParams.get("service")).toBe("checkout");
    expect(url.searchParams.getAll("attr")).toEqual(["http.route=/api/orders/:id"]);
    expect(url.searchParams.get("from")).toBe("now-1h");
  });
  it("searches by span name otherwise", () => {
    const url = new URL(routeTracesHref("worker", "process order"), "http://x");
    expect(url.searchParams.get("name")).toBe("process order");
    expect(url.searchParams.has("attr")).toBe(false);
  });
});

describe("toggleRoute", () => {
  it("selects a route, and clears it when clicked again", () => {
    expect(toggleRoute(undefined, "/a")).toBe("/a");
    expect(toggleRoute("/b", "/a")).toBe("/a");
    expect(toggleRoute("/a", "/a")).toBeUndefined();
  });
});
