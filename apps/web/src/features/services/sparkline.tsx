// A tiny inline SVG trend line for table cells: cheap enough for dozens of rows (no chart
// instance, no canvas), coloured through `currentColor` so Tailwind classes set light/dark.
import { type SparklineGeometry, sparklinePaths } from "./sparkline-path.ts";

export interface SparklineProps {
  values: readonly (number | null)[];
  /** Tailwind text-colour classes; the stroke and fill use currentColor. */
  className?: string;
  width?: number;
  height?: number;
  ceiling?: SparklineGeometry["ceiling"];
  /** Read by screen readers and shown as a tooltip. */
  label: string;
}

export function Sparkline({ values, className = "", width = 88, height = 22, ceiling, label }: SparklineProps) {
  const { line, area, last } = sparklinePaths(values, { width, height, ceiling });
  return (
    <svg
      role="img"
      aria-label={label}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      className={`shrink-0 overflow-visible ${className}`}
      data-testid="sparkline"
    >
      <title>{label}</title>
      {line === "" ? (
        <line
          x1={0}
          x2={width}
          y1={height - 2}
          y2={height - 2}
          stroke="currentColor"
          strokeOpacity={0.3}
          strokeDasharray="2 3"
        />
      ) : (
        <>
          <path d={area} fill="currentColor" fillOpacity={0.12} stroke="none" />
          <path
            d={line}
            fill="none"
            stroke="currentColor"
            strokeWidth={1.5}
            strokeLinejoin="round"
            strokeLinecap="round"
          />
          {last && <circle cx={last.x} cy={last.y} r={1.8} fill="currentColor" />}
        </>
      )}
    </svg>
  );
}
