// The panels on the document's 24-column grid (CSS grid), and in edit mode moved by dragging
// their title, resized by their corner, or both by keys on the focused title (arrows move,
// shift+arrows resize). While a pointer drags, the panel is held on the cell under it and the
// others make room (grid-layout.ts); the packed layout goes to the draft when it is let go.
"use client";

import { type DashboardPanel, GRID_COLUMNS } from "@tracelight/contracts";
import { type KeyboardEvent, type PointerEvent, useRef, useState } from "react";
import { type Cell, compact, moveTo, type Nudge, nudge, type Placed, resizeTo } from "./grid-layout.ts";
import { GAP_PX, PanelFrame, ROW_PX } from "./panel-frame.tsx";
import type { VariableValues } from "./variables.ts";

interface Drag {
  id: string;
  resize: boolean;
  x0: number;
  y0: number;
  origin: Cell;
  /** Pixels from one column (row) to the next, the gap included. */
  colPx: number;
  rowPx: number;
  /** The whole cells moved so far, "dx,dy". */
  step?: string;
  /** The layout shown now (the state may not have rendered yet when the pointer is let go). */
  layout?: Placed[];
}

const KEYS: Record<string, [Nudge, Nudge]> = {
  ArrowLeft: ["left", "narrower"],
  ArrowRight: ["right", "wider"],
  ArrowUp: ["up", "shorter"],
  ArrowDown: ["down", "taller"],
};

export function DashboardGrid(props: {
  panels: readonly DashboardPanel[];
  values: VariableValues;
  onFullScreen(id: string): void;
  /** Edit mode: the panels' new cells, packed. */
  onLayout?: (layout: Placed[]) => void;
}) {
  const { onLayout } = props;
  const grid = useRef<HTMLDivElement>(null);
  const drag = useRef<Drag | undefined>(undefined);
  const [held, setHeld] = useState<{ id: string; layout: Placed[] }>();
  const layout = (): Placed[] => props.panels.map((p) => ({ id: p.id, grid: p.grid }));
  const cellOf = (panel: DashboardPanel) => held?.layout.find((p) => p.id === panel.id)?.grid ?? panel.grid;

  const start = (panel: DashboardPanel, resize: boolean) => (e: PointerEvent<HTMLElement>) => {
    if (e.button !== 0 || grid.current === null) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture?.(e.pointerId);
    const width = grid.current.getBoundingClientRect().width;
    drag.current = {
      id: panel.id,
      resize,
      x0: e.clientX,
      y0: e.clientY,
      origin: panel.grid,
      colPx: (width + GAP_PX) / GRID_COLUMNS,
      rowPx: ROW_PX + GAP_PX,
    };
  };
  const move = (e: PointerEvent<HTMLElement>) => {
    const d = drag.current;
    if (d === undefined) return;
    const dx = Math.round((e.clientX - d.x0) / d.colPx);
    const dy = Math.round((e.clientY - d.y0) / d.rowPx);
    // Within the same cell nothing changes: the panels are not drawn again.
    if (d.step === `${dx},${dy}`) return;
    d.step = `${dx},${dy}`;
    const next = d.resize
      ? resizeTo(layout(), d.id, { w: d.origin.w + dx, h: d.origin.h + dy })
      : moveTo(layout(), d.id, { x: d.origin.x + dx, y: d.origin.y + dy });
    d.layout = next;
    setHeld({ id: d.id, layout: next });
  };
  const end = (commit: boolean) => () => {
    const last = drag.current?.layout;
    drag.current = undefined;
    if (commit && last) onLayout?.(compact(last));
    setHeld(undefined);
  };
  const key = (panel: DashboardPanel) => (e: KeyboardEvent<HTMLElement>) => {
    const steps = KEYS[e.key];
    if (steps === undefined) return;
    e.preventDefault();
    onLayout?.(nudge(layout(), panel.id, steps[e.shiftKey ? 1 : 0]));
  };

  return (
    <div
      ref={grid}
      data-testid="dashboard-grid"
      className={`grid ${held ? "select-none" : ""}`}
      style={{
        gridTemplateColumns: `repeat(${GRID_COLUMNS}, minmax(0, 1fr))`,
        gridAutoRows: `${ROW_PX}px`,
        gap: GAP_PX,
      }}
    >
      {props.panels.map((panel) => {
        const pointer = { onPointerMove: move, onPointerUp: end(true), onPointerCancel: end(false) };
        const cell = cellOf(panel);
        return (
          <PanelFrame
            key={panel.id}
            panel={cell === panel.grid ? panel : { ...panel, grid: cell }}
            values={props.values}
            onFullScreen={() => props.onFullScreen(panel.id)}
            edit={
              onLayout && {
                held: held?.id === panel.id,
                handle: { ...pointer, onPointerDown: start(panel, false), onKeyDown: key(panel) },
                corner: { ...pointer, onPointerDown: start(panel, true) },
              }
            }
          />
        );
      })}
    </div>
  );
}
