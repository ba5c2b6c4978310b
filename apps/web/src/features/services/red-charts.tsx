// The service page's RED charts: latency percentiles with exemplar dots (slowest request and
// slowest error per bucket), throughput, and error rate with error dots. Dots open their
// trace; dragging across any chart zooms the page's time range.
"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import type { RedResponse } from "@tracelight/contracts";
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { Chart, type ChartClick } from "../../components/chart.tsx";
import { EXEMPLAR_SERIES_PREFIX } from "../../components/chart-options.ts";
import { Panel, QueryView } from "../../components/panel.tsx";
import { traceHref } from "../../lib/links.ts";
import type { ResolvedRange } from "../../lib/time-range.ts";
import { useTimeRange } from "../../lib/use-time-range.tsx";
import { errorRateOption, latencyOption, throughputOption } from "./red-chart-options.ts";
import { exemplarTarget, type RedChartData, redChartData } from "./red-series.ts";

const noRequests = (d: RedResponse) => d.buckets.every((b) => b.requests === 0);

export function RedCharts({ query, subject }: { query: UseQueryResult<RedResponse>; subject: string }) {
  const time = useTimeRange();
  const router = useRouter();
  const data = useMemo(() => (query.data ? redChartData(query.data.buckets) : undefined), [query.data]);
  const onItemClick = (click: ChartClick) => {
    if (!click.seriesId.startsWith(EXEMPLAR_SERIES_PREFIX)) return;
    const target = exemplarTarget(click.data);
    if (target) router.push(traceHref(target.traceId, { spanId: target.spanId }));
  };
  const empty = `No requests to ${subject} in this time range.`;
  const chart = (kind: keyof typeof BUILDERS, height: number) => (
    <QueryView query={query} isEmpty={noRequests} empty={empty} loadingHeight={height}>
      {() =>
        data && (
          <RedChart
            kind={kind}
            data={data}
            range={time.range}
            height={height}
            onBrush={time.zoomTo}
            onItemClick={onItemClick}
          />
        )
      }
    </QueryView>
  );

  return (
    // The previous answer stays on screen while the next range loads, dimmed so it is not read as current.
    <div
      className={`grid gap-3 transition-opacity lg:grid-cols-2 ${query.isPlaceholderData ? "opacity-60" : ""}`}
      aria-busy={query.isPlaceholderData}
    >
      <Panel title="Latency" className="lg:col-span-2" actions={<ChartHint />}>
        {chart("latency", 260)}
      </Panel>
      <Panel title="Throughput">{chart("throughput", 200)}</Panel>
      <Panel title="Error rate" actions={<ChartHint />}>
        {chart("errors", 200)}
      </Panel>
    </div>
  );
}

const BUILDERS = {
  latency: { build: latencyOption, testId: "latency-chart" },
  throughput: { build: throughputOption, testId: "throughput-chart" },
  errors: { build: errorRateOption, testId: "error-chart" },
} as const;

function RedChart(props: {
  kind: keyof typeof BUILDERS;
  data: RedChartData;
  range: ResolvedRange;
  height: number;
  onBrush: (fromMs: number, toMs: number) => void;
  onItemClick: (click: ChartClick) => void;
}) {
  const { build, testId } = BUILDERS[props.kind];
  const { data, range } = props;
  const option = useMemo(() => build(data, range), [build, data, range]);
  return (
    <Chart
      option={option}
      height={props.height}
      testId={testId}
      onBrush={props.onBrush}
      onItemClick={props.onItemClick}
    />
  );
}

function ChartHint() {
  return (
    <span className="hidden text-xs text-slate-500 sm:inline dark:text-slate-400">
      click a dot to open its trace · drag to zoom
    </span>
  );
}
