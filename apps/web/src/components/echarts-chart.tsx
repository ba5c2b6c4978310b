// The ECharts implementation behind chart.tsx (which loads it on demand): tree-shaken
// `echarts/core` with only the charts used, light/dark themes, drag across a chart to zoom the time range, and clicks on data points (exemplar
// dots). Exemplar dots' pixel positions are published in `data-exemplars` so that browser
// tests can click the real canvas where a dot is drawn.
"use client";

import { BarChart, LineChart, ScatterChart } from "echarts/charts";
import {
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TooltipComponent,
} from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef, useState } from "react";
import { CHART_THEMES, EXEMPLAR_SERIES_PREFIX, type ExemplarDatum } from "./chart-options.ts";
import { useTheme } from "./theme.tsx";

echarts.use([
  LineChart,
  ScatterChart,
  BarChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  CanvasRenderer,
]);
for (const [name, theme] of Object.entries(CHART_THEMES)) echarts.registerTheme(name, theme);

export type ChartOption = echarts.EChartsCoreOption;

export interface ChartClick {
  seriesId: string;
  dataIndex: number;
  data: unknown;
}

export interface ChartProps {
  option: ChartOption;
  height?: number;
  testId?: string;
  /** Drag across the plot to pick a time range (x axis must be time, epoch ms). */
  onBrush?: (fromMs: number, toMs: number) => void;
  onItemClick?: (click: ChartClick) => void;
}

const MIN_DRAG_PX = 6;

export function EChartsChart({ option, height = 220, testId, onBrush, onItemClick }: ChartProps) {
  const { theme } = useTheme();
  const hostRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<echarts.ECharts | null>(null);
  const handlers = useRef({ onBrush, onItemClick });
  handlers.current = { onBrush, onItemClick };
  // The chart is re-created when the theme changes; it starts from the latest option.
  const optionRef = useRef(option);
  optionRef.current = option;
  const [drag, setDrag] = useState<{ start: number; end: number } | null>(null);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const chart = echarts.init(host, theme === "dark" ? "tracelight-dark" : "tracelight-light", { renderer: "canvas" });
    chartRef.current = chart;
    chart.on("click", (params) => {
      handlers.current.onItemClick?.({
        seriesId: String(params.seriesId ?? ""),
        dataIndex: params.dataIndex,
        data: params.data,
      });
    });
    chart.on("finished", () => publishExemplarPixels(chart, host));
    chart.setOption(optionRef.current);

    // Drag-to-zoom (from anywhere, dots and lines included), drawn as an overlay; a press
    // that moves less than MIN_DRAG_PX stays a click.
    let start: number | undefined;
    const zr = chart.getZr();
    zr.on("mousedown", (e) => {
      if (!handlers.current.onBrush) return;
      start = e.offsetX;
    });
    zr.on("mousemove", (e) => {
      if (start !== undefined && Math.abs(e.offsetX - start) >= MIN_DRAG_PX) setDrag({ start, end: e.offsetX });
    });
    const finish = (e: { offsetX: number }) => {
      if (start === undefined) return;
      const from = start;
      start = undefined;
      setDrag(null);
      if (Math.abs(e.offsetX - from) < MIN_DRAG_PX) return;
      const a = chart.convertFromPixel({ xAxisIndex: 0 }, from) as number;
      const b = chart.convertFromPixel({ xAxisIndex: 0 }, e.offsetX) as number;
      if (Number.isFinite(a) && Number.isFinite(b)) handlers.current.onBrush?.(Math.min(a, b), Math.max(a, b));
    };
    zr.on("mouseup", finish);
    zr.on("globalout", () => {
      start = undefined;
      setDrag(null);
    });

    const resize = new ResizeObserver(() => chart.resize());
    resize.observe(host);
    return () => {
      resize.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, [theme]);

  useEffect(() => {
    chartRef.current?.setOption(option, { notMerge: true });
  }, [option]);

  return (
    <div className="relative" style={{ height }}>
      <div
        ref={hostRef}
        data-testid={testId}
        className={onBrush ? "h-full w-full cursor-crosshair" : "h-full w-full"}
      />
      {drag && (
        <div
          className="pointer-events-none absolute top-0 bottom-6 bg-sky-400/20 ring-1 ring-sky-500"
          style={{ left: Math.min(drag.start, drag.end), width: Math.abs(drag.end - drag.start) }}
        />
      )}
    </div>
  );
}

function publishExemplarPixels(chart: echarts.ECharts, host: HTMLElement): void {
  const option = chart.getOption() as { series?: { id?: string; data?: ExemplarDatum[] }[] };
  const points: { x: number; y: number; traceId: string }[] = [];
  for (const series of option.series ?? []) {
    if (!series.id?.startsWith(EXEMPLAR_SERIES_PREFIX)) continue;
    for (const datum of series.data ?? []) {
      const pixel = chart.convertToPixel({ seriesId: series.id }, datum.value) as number[] | undefined;
      if (pixel && Number.isFinite(pixel[0]) && Number.isFinite(pixel[1])) {
        points.push({ x: Math.round(pixel[0] ?? 0), y: Math.round(pixel[1] ?? 0), traceId: datum.traceId });
      }
    }
  }
  // Topmost first: later series and later points are drawn over earlier ones, so where dots
  // overlap, the first listed at a pixel is the one a click there hits.
  host.dataset.exemplars = JSON.stringify(points.reverse());
}
