// The service map as an ECharts graph option: one node per service coloured by its error rate,
// one arrow per caller → callee labelled with its rate and p99. A peer (a database, an API: only
// its callers' spans name it) is a hollow rounded square, its border coloured by its calls' errors.
// Pure data, so tests read it.
import type { ServiceMapResponse } from "@tracelight/contracts";
import { formatDurationMs, formatPercent, formatRate } from "../../lib/format.ts";

/** Error rate bands: healthy, degraded, failing (fractions, as the API answers them). */
export const HEALTH_COLOURS = [
  { below: 0.01, colour: "#10b981" },
  { below: 0.05, colour: "#f59e0b" },
  { below: Number.POSITIVE_INFINITY, colour: "#ef4444" },
] as const;

export function healthColour(errorRate: number): string {
  return (HEALTH_COLOURS.find((b) => errorRate < b.below) ?? HEALTH_COLOURS[2]).colour;
}

/** What a click on the chart hit: ECharts hands back the datum, which carries these. */
export type MapDatum =
  | { kind: "node"; service: string; peer: boolean }
  | { kind: "edge"; from: string; to: string; search?: string };

/** A peer's fill: faint, so its health shows in the border and the graph's lines show through. */
export const PEER_FILL = "rgba(148, 163, 184, 0.15)";

export function edgeLabel(e: { rate: number; p99Ms: number | null }): string {
  return `${formatRate(e.rate)} · p99 ${formatDurationMs(e.p99Ms)}`;
}

/** Tooltips are HTML, and service names come from the data. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const figures = (x: { rate: number; errorRate: number; p99Ms: number | null }) =>
  `${formatRate(x.rate)} · errors ${formatPercent(x.errorRate)} · p99 ${formatDurationMs(x.p99Ms)}`;

export function serviceMapOption(map: ServiceMapResponse) {
  const busiest = Math.max(...map.nodes.map((n) => n.rate), 0);
  return {
    tooltip: { trigger: "item" },
    series: [
      {
        id: "service-map",
        type: "graph",
        layout: "force",
        roam: true,
        draggable: true,
        force: { repulsion: 400, edgeLength: 160, gravity: 0.05 },
        edgeSymbol: ["none", "arrow"],
        edgeSymbolSize: 9,
        label: { show: true, position: "bottom" },
        edgeLabel: { show: true, fontSize: 10 },
        lineStyle: { width: 1.5, curveness: 0.15, opacity: 0.8 },
        data: map.nodes.map((n) => {
          const peer = n.kind === "peer";
          return {
            id: n.service,
            name: n.service,
            kind: "node",
            service: n.service,
            peer,
            // Busier services are drawn larger, 18-42 px.
            symbolSize: 18 + (busiest > 0 ? 24 * Math.sqrt(n.rate / busiest) : 0),
            ...(peer
              ? {
                  symbol: "roundRect",
                  itemStyle: { color: PEER_FILL, borderColor: healthColour(n.errorRate), borderWidth: 2 },
                }
              : { itemStyle: { color: healthColour(n.errorRate) } }),
            tooltip: {
              formatter: `${escapeHtml(n.service)}${peer ? " (not traced: named by its callers)" : ""}<br/>${figures(n)}`,
            },
          };
        }),
        links: map.edges.map((e) => ({
          source: e.from,
          target: e.to,
          kind: "edge",
          from: e.from,
          to: e.to,
          search: e.search,
          label: { show: true, formatter: edgeLabel(e) },
          lineStyle: { color: healthColour(e.errorRate) },
          tooltip: { formatter: `${escapeHtml(e.from)} → ${escapeHtml(e.to)}<br/>${figures(e)}` },
        })),
      },
    ],
  };
}
