// One row of the waterfall: the span's place in the tree on the left, its bar on the time axis
// on the right. Rows are plain divs with percentage positions so 2,000 of them stay cheap; a
// row re-renders only when its own props change.
"use client";

import { type CSSProperties, memo } from "react";
import { formatDurationMs } from "../../lib/format.ts";
import { SEVERITY_COLORS, severityRange } from "../../lib/severity.ts";
import type { CriticalSection } from "./critical-path.ts";
import type { PlacedLog } from "./timeline.ts";
import { barFractions, type SpanNode } from "./waterfall-layout.ts";

export const ROW_HEIGHT = 24;
export const NAME_COLUMN = "minmax(16rem, 32%) 1fr";
const INDENT_PX = 14;
const MAX_INDENT_PX = 280;
const MAX_LOG_MARKERS = 40;

export interface WaterfallRowProps {
  node: SpanNode;
  durationNs: number;
  color: string;
  selected: boolean;
  collapsed: boolean;
  critical: CriticalSection[] | undefined;
  showCritical: boolean;
  logs: PlacedLog[] | undefined;
  /** Background with the ruler's grid lines (one shared object). */
  gridStyle: CSSProperties;
  onSelect: (spanId: string) => void;
  onToggle: (spanId: string) => void;
}

const pct = (fraction: number) => `${(fraction * 100).toFixed(4)}%`;

/** The duration label goes after the bar, else before it, else (a bar across the row) inside it. */
function labelPlacement(offset: number, width: number): "after" | "before" | "inside" {
  if (offset + width < 0.85) return "after";
  if (offset > 0.15) return "before";
  return "inside";
}

export const WaterfallRow = memo(function WaterfallRow(props: WaterfallRowProps) {
  const { node, durationNs, color, selected } = props;
  const { offset, width } = barFractions(node, durationNs);
  const span = node.span;
  const label = labelPlacement(offset, width);
  const indent = Math.min(node.depth * INDENT_PX, MAX_INDENT_PX);
  const markers = props.logs?.slice(0, MAX_LOG_MARKERS);

  return (
    <div
      data-testid="span-row"
      data-span-id={node.id}
      data-service={span.serviceName}
      data-span-name={span.name}
      data-error={node.error ? "true" : "false"}
      data-critical={props.critical ? "true" : "false"}
      aria-selected={selected}
      onClick={() => props.onSelect(node.id)}
      onKeyDown={(e) => {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          props.onSelect(node.id);
        }
      }}
      role="option"
      tabIndex={-1}
      style={{ height: ROW_HEIGHT, gridTemplateColumns: NAME_COLUMN }}
      className={`grid cursor-pointer border-b border-slate-100 text-xs dark:border-slate-800/70 ${
        selected ? "bg-sky-100 dark:bg-sky-900/50" : "hover:bg-slate-50 dark:hover:bg-slate-800/50"
      }`}
    >
      <div className="flex min-w-0 items-center gap-1 pr-2" style={{ paddingLeft: 4 + indent }}>
        {node.children.length > 0 ? (
          <button
            type="button"
            aria-label={props.collapsed ? `Expand ${span.name}` : `Collapse ${span.name}`}
            aria-expanded={!props.collapsed}
            data-testid="span-toggle"
            onClick={(e) => {
              e.stopPropagation();
              props.onToggle(node.id);
            }}
            className="flex size-4 shrink-0 items-center justify-center rounded text-slate-500 hover:bg-slate-200 dark:text-slate-400 dark:hover:bg-slate-700"
          >
            {props.collapsed ? "▸" : "▾"}
          </button>
        ) : (
          <span className="w-4 shrink-0" />
        )}
        <span className="h-3.5 w-1 shrink-0 rounded-sm" style={{ backgroundColor: color }} />
        <span className="shrink-0 text-slate-500 dark:text-slate-400">{span.serviceName}</span>
        <span
          className={`truncate ${node.error ? "font-medium text-red-700 dark:text-red-400" : ""}`}
          title={span.name}
        >
          {span.name}
        </span>
        {node.error && (
          <span className="shrink-0 rounded bg-red-600 px-1 text-[10px] font-bold text-white" title="Error status">
            !
          </span>
        )}
        {node.orphan && (
          <span
            className="shrink-0 rounded bg-amber-100 px-1 text-[10px] text-amber-800 dark:bg-amber-950 dark:text-amber-300"
            title={`Parent span ${span.parentSpanId} is not in this trace`}
          >
            orphan
          </span>
        )}
        {node.skewed && (
          <span
            className="shrink-0 rounded bg-violet-100 px-1 text-[10px] text-violet-800 dark:bg-violet-950 dark:text-violet-300"
            title="Runs outside its parent's time: clock skew between hosts, or work that outlives its caller"
          >
            skew
          </span>
        )}
        {props.collapsed && (
          <span className="shrink-0 text-[10px] text-slate-500 dark:text-slate-400">+{node.descendantCount}</span>
        )}
      </div>
      <div className="relative border-l border-slate-200 dark:border-slate-700" style={props.gridStyle}>
        <div
          className={`absolute top-[6px] h-3 rounded-sm ${node.error ? "bg-red-500 dark:bg-red-500" : ""} ${
            selected ? "ring-2 ring-sky-500" : ""
          }`}
          style={{
            left: pct(offset),
            width: pct(width),
            minWidth: 2,
            backgroundColor: node.error ? undefined : color,
            opacity: props.showCritical && !props.critical ? 0.55 : 1,
          }}
        />
        {props.showCritical &&
          props.critical?.map((s) => (
            <div
              key={s.startNs}
              className="absolute top-[19px] h-[3px] rounded-full bg-slate-900 dark:bg-slate-100"
              style={{
                left: pct(s.startNs / (durationNs || 1)),
                width: pct((s.endNs - s.startNs) / (durationNs || 1)),
              }}
            />
          ))}
        {markers?.map((p) => (
          <div
            key={p.seq}
            className="absolute top-[2px] h-5 w-[2px]"
            style={{
              left: pct(Math.min(1, Math.max(0, p.offsetNs / (durationNs || 1)))),
              backgroundColor: SEVERITY_COLORS[severityRange(p.log.severityNumber)],
            }}
            title={p.log.body.slice(0, 200)}
          />
        ))}
        <span
          className={`absolute top-[5px] px-1 font-mono text-[10px] whitespace-nowrap tabular-nums ${
            label === "inside"
              ? "font-semibold text-white [text-shadow:0_0_2px_rgb(0_0_0/0.6)]"
              : "text-slate-600 dark:text-slate-300"
          }`}
          style={
            label === "after"
              ? { left: pct(offset + width) }
              : label === "before"
                ? { right: pct(1 - offset) }
                : { right: pct(1 - offset - width) }
          }
        >
          {formatDurationMs((node.endNs - node.startNs) / 1e6)}
        </span>
      </div>
    </div>
  );
});
