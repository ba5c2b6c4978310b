// A panel in its grid cell: title, "Open in …" its view with the exact query, full screen, and
// the body drawn with the variables substituted. In edit mode its title is the handle that moves
// it (pointer or keys) and its corner the one that resizes it.
"use client";

import type { DashboardPanel } from "@tracelight/contracts";
import Link from "next/link";
import { type HTMLAttributes, useMemo } from "react";
import { Panel } from "../../components/panel.tsx";
import { useTimeRange } from "../../lib/use-time-range.tsx";
import { PanelBody } from "./panel-body.tsx";
import { panelLink } from "./panel-links.ts";
import { substituteQuery, type VariableValues } from "./variables.ts";

/** Height of one grid row and the gap between rows and columns, px. */
export const ROW_PX = 36;
export const GAP_PX = 12;
/** What the panel's header and padding take of its cell. */
const CHROME_PX = 56;

/** Edit mode: the title's and the corner's handlers, and whether the panel is being dragged. */
export interface PanelEdit {
  held: boolean;
  handle: HTMLAttributes<HTMLElement>;
  corner: HTMLAttributes<HTMLElement>;
}

export function PanelFrame(props: {
  panel: DashboardPanel;
  values: VariableValues;
  fullScreen?: boolean;
  onFullScreen(open: boolean): void;
  edit?: PanelEdit | undefined;
}) {
  const { panel, values } = props;
  const time = useTimeRange();
  const queries = useMemo(
    () => ("queries" in panel ? panel.queries.map((q) => substituteQuery(q, values)) : []),
    [panel, values],
  );
  const link = panelLink(panel.kind, queries[0], time.expr);
  const cell = panel.grid.h * ROW_PX + (panel.grid.h - 1) * GAP_PX;
  const height = props.fullScreen ? 560 : Math.max(60, cell - CHROME_PX);
  const style = props.fullScreen
    ? undefined
    : {
        gridColumn: `${panel.grid.x + 1} / span ${panel.grid.w}`,
        gridRow: `${panel.grid.y + 1} / span ${panel.grid.h}`,
      };
  const actions = (
    <>
      {link && (
        <Link
          href={link.href}
          data-testid="panel-open"
          className="text-xs text-sky-700 hover:underline dark:text-sky-400"
        >
          {link.label}
        </Link>
      )}
      <button
        type="button"
        data-testid="panel-full-screen"
        className="text-xs text-slate-500 hover:underline dark:text-slate-400"
        onClick={() => props.onFullScreen(!props.fullScreen)}
      >
        {props.fullScreen ? "Close" : "Full screen"}
      </button>
    </>
  );
  const { edit } = props;
  const title = edit ? (
    <button
      type="button"
      {...edit.handle}
      aria-roledescription="movable panel"
      aria-label={`${panel.title}: drag or arrow keys to move, shift+arrow keys to resize`}
      data-testid="panel-move"
      title={panel.description}
      className="cursor-move touch-none select-none rounded px-1 text-left outline-sky-500 hover:bg-slate-100 dark:hover:bg-slate-800"
    >
      <span aria-hidden className="mr-1 text-slate-400">
        ⠿
      </span>
      {panel.title}
    </button>
  ) : (
    <span title={panel.description}>{panel.title}</span>
  );
  return (
    <div
      style={style}
      className={`relative min-w-0 ${edit?.held ? "z-10 opacity-90 ring-2 ring-sky-400 rounded-lg" : ""}`}
      data-testid="dashboard-panel"
      data-panel={panel.id}
      data-kind={panel.kind}
    >
      <Panel title={title} actions={actions} className="h-full overflow-hidden">
        <PanelBody panel={panel} queries={queries} height={height} />
      </Panel>
      {edit && (
        <span
          {...edit.corner}
          aria-hidden
          data-testid="panel-resize"
          title="Drag to resize"
          className="absolute right-0 bottom-0 h-4 w-4 cursor-se-resize touch-none rounded-br-lg border-r-4 border-b-4 border-sky-400/70"
        />
      )}
    </div>
  );
}
