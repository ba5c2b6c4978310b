import { describe, expect, it } from "vitest";
import { heuristicRoute, OTHER_ROUTE, RouteNamer } from "./route.ts";

describe("heuristicRoute", () => {
  it("replaces ID-like segments and keeps words", () => {
    expect(heuristicRoute("/")).toBe("/");
    expect(heuristicRoute("/users/42/orders")).toBe("/users/{id}/orders");
    expect(heuristicRoute("/orders/3fa85f64-5717-4562-b3fc-2c963f66afa6")).toBe("/orders/{id}");
    expect(heuristicRoute("/blobs/9f86d081884c7d65")).toBe("/blobs/{id}");
    expect(heuristicRoute("/tokens/aB3dE5gH7jK9mN1pQ")).toBe("/tokens/{id}");
    expect(heuristicRoute("/items/sku-12345")).toBe("/items/{id}");
    expect(heuristicRoute("/stock/sku-21")).toBe("/stock/{id}");
    expect(heuristicRoute("/orders/order_7/lines")).toBe("/orders/{id}/lines");
    expect(heuristicRoute("/pages/page2")).toBe("/pages/page2");
    expect(heuristicRoute("/users/ann@example.com")).toBe("/users/{id}");
    expect(heuristicRoute("/api/v2/health")).toBe("/api/v2/health");
    expect(heuristicRoute("/feed/deadbeef")).toBe("/feed/deadbeef");
  });
});

describe("RouteNamer", () => {
  it("prefers a configured pattern, with :params, {params} and a trailing **", () => {
    const namer = new RouteNamer(["/users/:name", "/files/**", "/a/{x}/b"]);
    expect(namer.route("svc", "/users/ann")).toBe("/users/:name");
    expect(namer.route("svc", "/files/x/y/z")).toBe("/files/**");
    expect(namer.route("svc", "/a/1/b")).toBe("/a/{x}/b");
    expect(namer.route("svc", "/users/ann/posts")).toBe("/users/ann/posts");
  });

  it("bounds the routes of each service", () => {
    const namer = new RouteNamer([], 2);
    expect(namer.route("a", "/one")).toBe("/one");
    expect(namer.route("a", "/two")).toBe("/two");
    expect(namer.route("a", "/three")).toBe(OTHER_ROUTE);
    expect(namer.route("a", "/one")).toBe("/one");
    expect(namer.route("b", "/three")).toBe("/three");
  });
});
