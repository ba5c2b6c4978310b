// /service-map: which service calls which over the time range. A click on a node opens the
// service, on an arrow (or a row of the calls table) trace search for the callee. Trace search
// cannot filter by the calling service, so the hop's caller is not part of that search. A peer
// (a database, an API) sends no spans: its arrow opens the caller's spans to it (the API's
// search), its node those of every caller.
"use client";

import type { ServiceMapEdge, ServiceMapResponse } from "@tracelight/contracts";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { Panel, QueryView } from "../../components/panel.tsx";
import { formatDurationMs, formatPercent, formatRate } from "../../lib/format.ts";
import { serviceHref, tracesHref } from "../../lib/links.ts";
import type { TimeRangeExpr } from "../../lib/time-range.ts";
import { useApiQuery } from "../../lib/use-api-query.ts";
import { useTimeRange } from "../../lib/use-time-range.tsx";
import { ServiceMapChart } from "./service-map-chart.tsx";
import { HEALTH_COLOURS, type MapDatum, PEER_FILL, serviceMapOption } from "./service-map-option.ts";

export const edgeTracesHref = (edge: Pick<ServiceMapEdge, "from" | "to" | "search">, range: TimeRangeExpr) =>
  edge.search === undefined
    ? tracesHref({ range, service: edge.to })
    : tracesHref({ range, service: edge.from, q: edge.search });

/** Every caller's spans to a peer: any of its callers, any of their searches. */
export function peerTracesHref(peer: string, edges: readonly ServiceMapEdge[], range: TimeRangeExpr): string {
  const incoming = edges.filter((e) => e.to === peer && e.search !== undefined);
  const searches = [...new Set(incoming.map((e) => e.search as string))];
  return tracesHref({
    range,
    service: [...new Set(incoming.map((e) => e.from))],
    q: searches.length === 1 ? searches[0] : searches.map((q) => `(${q})`).join(" OR "),
  });
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

function summary(map: ServiceMapResponse): string {
  const peers = map.nodes.filter((n) => n.kind === "peer").length;
  return [
    count(map.nodes.length - peers, "service"),
    ...(peers > 0 ? [count(peers, "peer")] : []),
    `${count(map.edges.length, "call")}${map.truncated ? " (the busiest services only)" : ""}`,
  ].join(", ");
}

export function ServiceMapView() {
  const time = useTimeRange();
  const query = useApiQuery<ServiceMapResponse>("/service-map", time.query);
  return (
    <div className="space-y-3">
      <header className="flex flex-wrap items-center gap-3">
        <h1 className="text-lg font-semibold">Service map</h1>
        <span className="text-sm text-slate-500 dark:text-slate-400" data-testid="service-map-summary">
          {query.data ? summary(query.data) : ""}
        </span>
        <Legend />
      </header>
      <QueryView
        query={query}
        loadingHeight={480}
        isEmpty={(d: ServiceMapResponse) => d.nodes.length === 0}
        empty="No service sent spans in this time range. Calls appear here a minute or two after their spans."
      >
        {(data) => <MapAndCalls data={data} range={time.expr} />}
      </QueryView>
    </div>
  );
}

function MapAndCalls({ data, range }: { data: ServiceMapResponse; range: TimeRangeExpr }) {
  const router = useRouter();
  const option = useMemo(() => serviceMapOption(data), [data]);
  const open = (datum: unknown) => {
    // The option's data carry their MapDatum fields (service-map-option.ts).
    const d = datum as MapDatum | undefined;
    if (d?.kind === "node")
      router.push(d.peer ? peerTracesHref(d.service, data.edges, range) : serviceHref(d.service, range));
    else if (d?.kind === "edge") router.push(edgeTracesHref(d, range));
  };
  return (
    <>
      <Panel>
        <ServiceMapChart option={option} height={480} testId="service-map-chart" onItemClick={open} />
      </Panel>
      <Panel title="Calls" testId="service-map-calls">
        {data.edges.length === 0 ? (
          <p className="text-sm text-slate-500">No calls between services in this range.</p>
        ) : (
          <CallsTable map={data} range={range} />
        )}
      </Panel>
    </>
  );
}

function CallsTable({ map, range }: { map: ServiceMapResponse; range: TimeRangeExpr }) {
  const peers = new Set(map.nodes.filter((n) => n.kind === "peer").map((n) => n.service));
  return (
    <table className="w-full text-sm">
      <thead className="text-left text-slate-500">
        <tr>
          <th className="py-1 font-medium">Caller → callee</th>
          <th className="py-1 text-right font-medium">Rate</th>
          <th className="py-1 text-right font-medium">Errors</th>
          <th className="py-1 text-right font-medium">p99</th>
        </tr>
      </thead>
      <tbody>
        {map.edges.map((e) => (
          <tr
            key={`${e.from}>${e.to}`}
            data-testid="service-map-call"
            data-from={e.from}
            data-to={e.to}
            data-peer={peers.has(e.to) || undefined}
          >
            <td className="py-1">
              <Link href={edgeTracesHref(e, range)} className="text-sky-700 hover:underline dark:text-sky-400">
                {e.from} → {e.to}
              </Link>
              {peers.has(e.to) ? <span className="ml-2 text-xs text-slate-500">peer</span> : null}
            </td>
            <td className="py-1 text-right tabular-nums">{formatRate(e.rate)}</td>
            <td className="py-1 text-right tabular-nums">{formatPercent(e.errorRate)}</td>
            <td className="py-1 text-right tabular-nums">{formatDurationMs(e.p99Ms)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Legend() {
  const labels = ["errors < 1%", "< 5%", "≥ 5%"];
  return (
    <span className="ml-auto flex gap-3 text-xs text-slate-500 dark:text-slate-400">
      {HEALTH_COLOURS.map((b, i) => (
        <span key={b.colour} className="flex items-center gap-1">
          <span className="inline-block h-2.5 w-2.5 rounded-full" style={{ background: b.colour }} />
          {labels[i]}
        </span>
      ))}
      <span className="flex items-center gap-1">
        <span
          className="inline-block h-2.5 w-2.5 rounded-sm border-2 border-slate-400"
          style={{ background: PEER_FILL }}
        />
        peer (no spans of its own)
      </span>
    </span>
  );
}
