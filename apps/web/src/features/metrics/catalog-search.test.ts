import type { MetricInfo } from "@tracelight/contracts";
import { describe, expect, it } from "vitest";
import { searchMetrics } from "./catalog-search.ts";

const metric = (name: string, extra: Partial<MetricInfo> = {}): MetricInfo => ({
  name,
  type: "gauge",
  unit: "",
  units: [],
  description: "",
  services: [],
  ...extra,
});

const catalog = [
  metric("db.client.connections.usage", { services: ["inventory"] }),
  metric("http.client.request.duration", { type: "histogram", description: "Outgoing HTTP calls" }),
  metric("http.server.request.duration", { type: "histogram", services: ["checkout"] }),
  metric("server.http.count"),
];

const names = (text: string) => searchMetrics(catalog, text).map((m) => m.name);

describe("searchMetrics", () => {
  it("lists everything for empty text", () => {
    expect(names("  ")).toHaveLength(4);
  });

  it("matches every word in name, description, services or type", () => {
    expect(names("http server")).toEqual(["http.server.request.duration", "server.http.count"]);
    expect(names("outgoing")).toEqual(["http.client.request.duration"]);
    expect(names("inventory")).toEqual(["db.client.connections.usage"]);
    expect(names("histogram checkout")).toEqual(["http.server.request.duration"]);
    expect(names("nothing")).toEqual([]);
  });

  it("puts the exact name, then names starting with the text, first", () => {
    expect(names("server")).toEqual(["server.http.count", "http.server.request.duration"]);
    expect(names("HTTP.server.request.duration")[0]).toBe("http.server.request.duration");
  });
});
