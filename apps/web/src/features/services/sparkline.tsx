// A tiny inline SVG trend line for table cells: cheap enough for dozens of rows (no chart
// instance, no canvas), coloured through `currentColor` so Tailwind classes set light/dark.
// Partial buckets are drawn dashed and unfilled, the newest one as a hollow dot (components/partial-bucket.ts).
import { splitPartial } from "../../components/partial-bucket.ts";
import { type SparklineGeometry, sparklinePaths } from "./sparkline-path.ts";

export interface SparklineProps {
  values: readonly (number | null)[];
  /** Tailwind text-colour classes; the stroke and fill use currentColor. */
  className?: string;
  width?: number;
  height?: number;
  ceiling?: SparklineGeometry["ceiling"];
  /** Per value: its bucket covers less than a step. */
  partial?: readonly boolean[];
  /** Read by screen readers and shown as a tooltip. */
  label: string;
}

export function Sparkline({
  values,
  className = "",
  width = 88,
  height = 22,
  ceiling,
  partial = [],
  label,
}: SparklineProps) {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  // Both halves on one scale, that of every value.
  const geometry = { width, height, floor: Math.min(0, ...finite), ceiling: ceiling ?? Math.max(0, ...finite) };
  const split = splitPartial(values, partial);
  const { line, area } = sparklinePaths(split.whole, geometry);
  const dashed = sparklinePaths(split.partial, geometry).line;
  const { last } = sparklinePaths(values, geometry);
  const lastPartial = partial[values.findLastIndex((v) => v !== null && Number.isFinite(v))] === true;
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
      {line === "" && dashed === "" ? (
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
          {dashed !== "" && (
            <path
              d={dashed}
              fill="none"
              stroke="currentColor"
              strokeWidth={1.5}
              strokeDasharray="2 2"
              data-testid="sparkline-partial"
            />
          )}
          {last && (
            <circle
              cx={last.x}
              cy={last.y}
              r={1.8}
              fill={lastPartial ? "none" : "currentColor"}
              stroke={lastPartial ? "currentColor" : "none"}
            />
          )}
        </>
      )}
    </svg>
  );
}
