// The chart, loaded on demand: ECharts is most of this page's JavaScript, and the scatter shows
// only after the search answers, so its code downloads alongside the query instead of before
// the first paint.
"use client";

import dynamic from "next/dynamic";

export const LazyChart = dynamic(() => import("../../components/chart.tsx").then((m) => m.Chart), {
  ssr: false,
  loading: () => <div className="h-[200px] animate-pulse rounded bg-slate-100 dark:bg-slate-800" />,
});
