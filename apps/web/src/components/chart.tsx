// The chart every view uses. ECharts is the largest piece of a page's JavaScript, so it is a
// separate chunk: fetched when a page with charts loads (not before its first paint), and
// never by pages without charts.
"use client";

import { lazy, Suspense } from "react";
import type { ChartProps } from "./echarts-chart.tsx";

export type { ChartClick, ChartOption, ChartProps } from "./echarts-chart.tsx";

const loadECharts = () => import("./echarts-chart.tsx");
// Panels render their chart only once their data is in; fetching the code when the page loads
// overlaps the download with the page's first queries instead of following them.
if (typeof window !== "undefined") void loadECharts();
const EChartsChart = lazy(() => loadECharts().then((m) => ({ default: m.EChartsChart })));

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
