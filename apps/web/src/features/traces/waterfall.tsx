// The waterfall: every span of the trace as a collapsible tree on one time ruler, with the
// critical path and the spans' logs marked. Past WINDOW_AFTER rows only the rows in view (plus a
// margin) are in the DOM, so a 2,000-span trace scrolls and selects without lag.
"use client";

import { type CSSProperties, type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Panel } from "../../components/panel.tsx";
import { formatCount, formatDurationMs } from "../../lib/format.ts";
import type { LogModel, TraceModel } from "./trace-model.ts";
import { BUTTON } from "./ui.ts";
import { ancestorIds, collapseBelowDepth, rulerTicks, visibleNodes } from "./waterfall-layout.ts";
import { NAME_COLUMN, ROW_HEIGHT, WaterfallRow } from "./waterfall-row.tsx";

const WINDOW_AFTER = 500;
const OVERSCAN = 20;
const EMPTY: ReadonlySet<string> = new Set();

/** Vertical grid lines at the ruler's ticks, drawn as backgrounds so rows add no elements. */
function gridBackground(ticks: number[], durationNs: number): CSSProperties {
  const lines = ticks.filter((t) => t > 0 && t < durationNs).map((t) => (t / durationNs) * 100);
  return {
    backgroundImage: lines.map(() => "linear-gradient(var(--grid), var(--grid))").join(",") || undefined,
    backgroundRepeat: "no-repeat",
    backgroundSize: "1px 100%",
    backgroundPosition: lines.map((p) => `${p.toFixed(3)}% 0`).join(","),
  };
}

export function Waterfall(props: {
  model: TraceModel;
  logs: LogModel;
  selectedId: string | undefined;
  onSelect: (spanId: string) => void;
}) {
  const { tree, critical, colors } = props.model;
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(EMPTY);
  const [showCritical, setShowCritical] = useState(true);
  const rows = useMemo(() => visibleNodes(tree, collapsed), [tree, collapsed]);
  const ticks = useMemo(() => rulerTicks(tree.durationNs), [tree.durationNs]);
  const gridStyle = useMemo(() => gridBackground(ticks, tree.durationNs), [ticks, tree.durationNs]);

  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 800 });
  const windowed = rows.length > WINDOW_AFTER;
  const first = windowed ? Math.max(0, Math.floor(view.top / ROW_HEIGHT) - OVERSCAN) : 0;
  const last = windowed
    ? Math.min(rows.length, Math.ceil((view.top + view.height) / ROW_HEIGHT) + OVERSCAN)
    : rows.length;

  const onToggle = useCallback((spanId: string) => {
    setCollapsed((current) => {
      const next = new Set(current);
      if (!next.delete(spanId)) next.add(spanId);
      return next;
    });
  }, []);

  // A selected span (from the URL or the log list) is made visible once: its ancestors expanded,
  // then the list scrolled to it when it is out of view. Later expanding or collapsing does not
  // scroll again.
  const { selectedId } = props;
  const revealed = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (selectedId === undefined || revealed.current === selectedId || !tree.byId.has(selectedId)) return;
    const hidden = ancestorIds(tree, selectedId).filter((id) => collapsed.has(id));
    if (hidden.length > 0) {
      setCollapsed((current) => new Set([...current].filter((id) => !hidden.includes(id))));
      return;
    }
    revealed.current = selectedId;
    const box = scroller.current;
    const index = rows.findIndex((n) => n.id === selectedId);
    if (!box || index < 0) return;
    // Rows sit below the sticky ruler, one row high.
    const top = (index + 1) * ROW_HEIGHT;
    if (top < box.scrollTop + ROW_HEIGHT || top + ROW_HEIGHT > box.scrollTop + box.clientHeight) {
      box.scrollTop = Math.max(0, top - box.clientHeight / 2);
    }
  }, [selectedId, tree, rows, collapsed]);

  useEffect(() => {
    const box = scroller.current;
    if (!box) return;
    const measure = () => setView({ top: box.scrollTop, height: box.clientHeight });
    measure();
    const resize = new ResizeObserver(measure);
    resize.observe(box);
    return () => resize.disconnect();
  }, []);

  // Arrow keys walk the visible rows; left/right collapse and expand, as in a file tree.
  const onKeyDown = (e: KeyboardEvent) => {
    const index = rows.findIndex((n) => n.id === selectedId);
    const current = rows[index];
    let handled = true;
    if (e.key === "ArrowDown") {
      const next = rows[Math.min(rows.length - 1, index + 1)];
      if (next) props.onSelect(next.id);
    } else if (e.key === "ArrowUp") {
      const prev = rows[Math.max(0, index - 1)];
      if (prev) props.onSelect(prev.id);
    } else if (e.key === "ArrowRight" && current && collapsed.has(current.id)) {
      onToggle(current.id);
    } else if (e.key === "ArrowLeft" && current) {
      if (current.children.length > 0 && !collapsed.has(current.id)) onToggle(current.id);
      else if (current.parent) props.onSelect(current.parent.id);
    } else {
      handled = false;
    }
    if (handled) e.preventDefault();
  };
  const criticalNs = useMemo(() => critical.sections.reduce((sum, s) => sum + (s.endNs - s.startNs), 0), [critical]);

  return (
    <Panel
      testId="trace-waterfall"
      title={`Waterfall · ${formatCount(tree.nodes.length)} spans`}
      actions={
        <>
          <label
            className="flex items-center gap-1 text-xs text-slate-600 dark:text-slate-300"
            title="The chain of spans that decides when the trace ends"
          >
            <input
              type="checkbox"
              checked={showCritical}
              onChange={(e) => setShowCritical(e.target.checked)}
              data-testid="critical-path-toggle"
            />
            <span className="inline-block h-[3px] w-4 rounded-full bg-slate-900 dark:bg-slate-100" />
            Critical path ({formatDurationMs(criticalNs / 1e6)})
          </label>
          <button type="button" className={BUTTON} onClick={() => setCollapsed(EMPTY)} data-testid="expand-all">
            Expand all
          </button>
          <button
            type="button"
            className={BUTTON}
            onClick={() => setCollapsed(collapseBelowDepth(tree, 1))}
            data-testid="collapse-all"
          >
            Collapse
          </button>
        </>
      }
    >
      <div
        ref={scroller}
        className="max-h-[72vh] overflow-y-auto rounded border border-slate-200 [--grid:#f1f5f9] dark:border-slate-700 dark:[--grid:#1e293b]"
        onScroll={(e) => {
          if (windowed) setView({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight });
        }}
        role="listbox"
        aria-label="Spans (arrow keys move the selection)"
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
        <div
          className="sticky top-0 z-[1] grid border-b border-slate-200 bg-white text-[10px] text-slate-500 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-400"
          style={{ gridTemplateColumns: NAME_COLUMN, height: ROW_HEIGHT }}
        >
          <div className="flex items-center px-2 font-medium">Service · span</div>
          <div className="relative border-l border-slate-200 dark:border-slate-700">
            {ticks.map((t, i) => (
              <span
                key={t}
                className="absolute top-1 px-1 font-mono whitespace-nowrap tabular-nums"
                style={
                  i === ticks.length - 1 && t / (tree.durationNs || 1) > 0.9
                    ? { right: 0 }
                    : { left: `${(t / (tree.durationNs || 1)) * 100}%` }
                }
              >
                {t === 0 ? "0" : formatDurationMs(t / 1e6)}
              </span>
            ))}
          </div>
        </div>
        <div style={{ paddingTop: first * ROW_HEIGHT, paddingBottom: (rows.length - last) * ROW_HEIGHT }}>
          {rows.slice(first, last).map((node) => (
            <WaterfallRow
              key={node.id}
              node={node}
              durationNs={tree.durationNs}
              color={colors.get(node.span.serviceName) ?? "#94a3b8"}
              selected={node.id === props.selectedId}
              collapsed={collapsed.has(node.id)}
              critical={critical.bySpan.get(node.id)}
              showCritical={showCritical}
              logs={props.logs.bySpan.get(node.id)}
              gridStyle={gridStyle}
              onSelect={props.onSelect}
              onToggle={onToggle}
            />
          ))}
        </div>
      </div>
    </Panel>
  );
}
