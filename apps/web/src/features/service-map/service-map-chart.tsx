// The service map's chart, its ECharts code fetched only when a page draws it (as chart.tsx
// does for the line charts).
"use client";

import { lazy, Suspense } from "react";
import type { GraphChartProps } from "./graph-chart.tsx";

const GraphChartCanvas = lazy(() => import("./graph-chart.tsx").then((m) => ({ default: m.GraphChartCanvas })));

export function ServiceMapChart(props: GraphChartProps) {
  return (
    <Suspense
      fallback={
        <div style={{ height: props.height }} className="animate-pulse rounded bg-slate-100 dark:bg-slate-800" />
      }
    >
      <GraphChartCanvas {...props} />
    </Suspense>
  );
}
