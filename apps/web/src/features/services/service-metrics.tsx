// The metrics a service reported in the range, each a link to the metric explorer already
// filtered to the service. One request (the metric catalogue), filtered here.
"use client";

import type { MetricsResponse } from "@tracelight/contracts";
import Link from "next/link";
import { Panel, QueryView } from "../../components/panel.tsx";
import { metricHref } from "../../lib/links.ts";
import { type ApiQueryOptions, useApiQuery } from "../../lib/use-api-query.ts";
import { useTimeRange } from "../../lib/use-time-range.tsx";

export function ServiceMetrics({ service, after }: { service: string; after?: ApiQueryOptions["after"] }) {
  const time = useTimeRange();
  const query = useApiQuery<MetricsResponse>("/metrics", time.query, { after });
  const own = (d: MetricsResponse) => d.metrics.filter((m) => m.services.includes(service));
  return (
    <Panel title="Metrics" testId="service-metrics">
      <QueryView
        query={query}
        loadingHeight={48}
        isEmpty={(d) => own(d).length === 0}
        empty={`${service} reported no metrics in this time range.`}
      >
        {(d) => (
          <ul className="flex flex-wrap gap-1.5">
            {own(d).map((m) => (
              <li key={m.name}>
                <Link
                  href={metricHref({ range: time.expr, metric: m.name, filter: [`service.name=${service}`] })}
                  title={m.description || m.name}
                  className="inline-flex items-center gap-1 rounded border border-slate-200 px-2 py-0.5 font-mono text-xs text-slate-700 hover:border-sky-400 hover:text-sky-700 dark:border-slate-700 dark:text-slate-300 dark:hover:border-sky-500 dark:hover:text-sky-300"
                >
                  {m.name}
                  <span className="text-[10px] text-slate-400">{m.type}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </QueryView>
    </Panel>
  );
}
