import type { ServiceMapResponse } from "@tracelight/contracts";
import { describe, expect, it } from "vitest";
import { escapeHtml, healthColour, PEER_FILL, serviceMapOption } from "./service-map-option.ts";

const MAP: ServiceMapResponse = {
  nodes: [
    { service: "<img src=x onerror=alert(1)>", kind: "service", rate: 0, errorRate: 0, p99Ms: null },
    { service: "checkout", kind: "service", rate: 4, errorRate: 0.2, p99Ms: 80 },
  ],
  edges: [{ from: "<img src=x onerror=alert(1)>", to: "checkout", rate: 0.05, errorRate: 0.03, p99Ms: 1500 }],
  truncated: false,
};

describe("serviceMapOption", () => {
  it("colours nodes and edges by error rate and labels edges with rate and p99", () => {
    const [series] = serviceMapOption(MAP).series;
    expect(series?.data.map((d) => [d.id, d.itemStyle.color, d.symbolSize])).toEqual([
      ["<img src=x onerror=alert(1)>", healthColour(0), 18],
      ["checkout", healthColour(0.2), 42],
    ]);
    expect(series?.links).toEqual([
      expect.objectContaining({
        source: "<img src=x onerror=alert(1)>",
        target: "checkout",
        kind: "edge",
        label: { show: true, formatter: "3.0/min · p99 1.50 s" },
        lineStyle: { color: healthColour(0.03) },
      }),
    ]);
  });

  it("draws a peer hollow, its border coloured by its calls' errors, and its arrow carries the search", () => {
    const search = '(kind:client OR kind:producer) db.system.name:"postgresql"';
    const [series] = serviceMapOption({
      nodes: [
        { service: "checkout", kind: "service", rate: 4, errorRate: 0, p99Ms: 80 },
        { service: "postgresql/shop", kind: "peer", rate: 4, errorRate: 0.5, p99Ms: 9 },
      ],
      edges: [{ from: "checkout", to: "postgresql/shop", rate: 4, errorRate: 0.5, p99Ms: 9, search }],
      truncated: false,
    }).series;
    const [service, peer] = series?.data ?? [];
    expect(service).toMatchObject({ peer: false, itemStyle: { color: healthColour(0) } });
    expect(service).not.toHaveProperty("symbol");
    expect(peer).toMatchObject({
      kind: "node",
      peer: true,
      symbol: "roundRect",
      itemStyle: { color: PEER_FILL, borderColor: healthColour(0.5), borderWidth: 2 },
    });
    expect(peer?.tooltip.formatter).toContain("postgresql/shop (not traced: named by its callers)");
    expect(series?.links[0]).toMatchObject({ kind: "edge", from: "checkout", to: "postgresql/shop", search });
  });

  it("escapes service names in the HTML tooltips", () => {
    const [series] = serviceMapOption(MAP).series;
    const tooltips = [...(series?.data ?? []), ...(series?.links ?? [])].map((d) => d.tooltip.formatter);
    for (const t of tooltips) expect(t).not.toContain("<img");
    expect(tooltips[0]).toContain(escapeHtml("<img src=x onerror=alert(1)>"));
  });

  it("bands error rates into healthy, degraded and failing", () => {
    expect([0, 0.009, 0.01, 0.049, 0.05, 1].map(healthColour)).toEqual([
      "#10b981",
      "#10b981",
      "#f59e0b",
      "#f59e0b",
      "#ef4444",
      "#ef4444",
    ]);
  });
});
