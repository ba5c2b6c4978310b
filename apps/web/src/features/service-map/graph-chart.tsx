// The ECharts graph series behind the service map, loaded on demand by service-map-view.tsx:
// tree-shaken `echarts/core` with only the graph, its tooltip and the canvas renderer.
"use client";

import { GraphChart } from "echarts/charts";
import { TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";
import { CHART_THEMES } from "../../components/chart-options.ts";
import { useTheme } from "../../components/theme.tsx";

echarts.use([GraphChart, TooltipComponent, CanvasRenderer]);
for (const [name, theme] of Object.entries(CHART_THEMES)) echarts.registerTheme(name, theme);

export interface GraphChartProps {
  option: echarts.EChartsCoreOption;
  height: number;
  testId?: string;
  /** The clicked node's or edge's datum. */
  onItemClick?: (data: unknown) => void;
}

export function GraphChartCanvas({ option, height, testId, onItemClick }: GraphChartProps) {
  const { theme } = useTheme();
  const hostRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onItemClick);
  clickRef.current = onItemClick;
  const optionRef = useRef(option);
  optionRef.current = option;

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const chart = echarts.init(host, theme === "dark" ? "tracelight-dark" : "tracelight-light", { renderer: "canvas" });
    chartRef.current = chart;
    chart.on("click", (params) => clickRef.current?.(params.data));
    chart.setOption(optionRef.current);
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

  return <div ref={hostRef} data-testid={testId} style={{ height }} className="w-full" />;
}
