// The chart every view uses. ECharts is the largest piece of a page's JavaScript, so it is
// loaded on demand: its code downloads alongside the page's first queries instead of before
// the first paint, and pages without a chart never load it.
"use client";

import { lazy, Suspense } from "react";
import type { ChartProps } from "./echarts-chart.tsx";

export type { ChartClick, ChartOption, ChartProps } from "./echarts-chart.tsx";

const EChartsChart = lazy(() => import("./echarts-chart.tsx").then((m) => ({ default: m.EChartsChart })));

export function Chart(props: ChartProps) {
  const placeholder = (
    <div
      style={{ height: props.height ?? 220 }}
      className="animate-pulse rounded bg-slate-100 dark:bg-slate-800"
      data-testid="chart-loading"
    />
  );
  return (
    <Suspense fallback={placeholder}>
      <EChartsChart {...props} />
    </Suspense>
  );
}
