// The landing page: headline numbers, the busiest services, recent failed traces and the
// latest error logs, each panel loading on its own (no request waits for another).
"use client";

import type { LogsResponse, ServicesOverviewResponse, TraceSearchResponse } from "@tracelight/contracts";
import Link from "next/link";
import type { ReactNode } from "react";
import { useMemo } from "react";
import { Panel, QueryView } from "../../components/panel.tsx";
import { logsHref, tracesHref } from "../../lib/links.ts";
import { hrefWith } from "../../lib/url-state.ts";
import { useTimeRange } from "../../lib/use-time-range.tsx";
import { ErrorTraceList } from "../services/error-traces.tsx";
import { ServicesTable } from "../services/services-table.tsx";
import { useErrorLogs, useErrorTraces, useServicesOverview } from "../services/use-services-data.ts";
import { ErrorLogList } from "./error-logs.tsx";
import { HeadlineTiles } from "./headline-tiles.tsx";
import { busiest, overviewTotals } from "./home-summary.ts";

const TOP_SERVICES = 8;
const ERROR_TRACES = 8;
const ERROR_LOGS = 10;

export function HomeView() {
  const time = useTimeRange();
  const overview = useServicesOverview();
  const traces = useErrorTraces(ERROR_TRACES);
  const logs = useErrorLogs(ERROR_LOGS);
  const totals = useMemo(() => (overview.data ? overviewTotals(overview.data.services) : undefined), [overview.data]);
  const range = time.expr;
  const noServices = (d: ServicesOverviewResponse) => d.services.length === 0;

  return (
    <div className="space-y-3" data-testid="home-dashboard">
      <h1 className="sr-only">Overview</h1>
      <QueryView
        query={overview}
        loadingHeight={76}
        isEmpty={noServices}
        empty="Nothing received in this time range yet. Point an OpenTelemetry exporter at Tracelight (OTLP on :4318 or :4317), or widen the range."
      >
        {() => totals && <HeadlineTiles totals={totals} range={range} />}
      </QueryView>

      <Panel
        title="Busiest services"
        actions={<MoreLink href={hrefWith("/services", { from: range.from, to: range.to })}>all services</MoreLink>}
      >
        <QueryView query={overview} loadingHeight={200} isEmpty={noServices} empty="No services in this time range.">
          {(d) => <ServicesTable services={busiest(d.services, TOP_SERVICES)} range={range} />}
        </QueryView>
      </Panel>

      <div className="grid gap-3 xl:grid-cols-2">
        <Panel
          title="Recent failed traces"
          testId="home-error-traces"
          actions={<MoreLink href={tracesHref({ range, status: "Error" })}>all failed traces</MoreLink>}
        >
          <QueryView
            query={traces}
            isEmpty={(d: TraceSearchResponse) => d.traces.length === 0}
            empty="No failed traces in this time range."
          >
            {(d) => <ErrorTraceList traces={d.traces} />}
          </QueryView>
        </Panel>
        <Panel
          title="Latest error logs"
          testId="home-error-logs"
          actions={<MoreLink href={logsHref({ range, severity: "ERROR" })}>log search</MoreLink>}
        >
          <QueryView
            query={logs}
            isEmpty={(d: LogsResponse) => d.logs.length === 0}
            empty="No ERROR logs in this time range."
          >
            {(d) => <ErrorLogList logs={d.logs} />}
          </QueryView>
        </Panel>
      </div>
    </div>
  );
}

function MoreLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link href={href} className="text-xs text-sky-700 hover:underline dark:text-sky-400">
      {children} →
    </Link>
  );
}
