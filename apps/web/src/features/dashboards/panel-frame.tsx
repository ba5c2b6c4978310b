// A panel in its grid cell: title, "Open in …" its view with the exact query, full screen, and
// the body drawn with the variables substituted.
"use client";

import type { DashboardPanel } from "@tracelight/contracts";
import Link from "next/link";
import { useMemo } from "react";
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

export function PanelFrame(props: {
  panel: DashboardPanel;
  values: VariableValues;
  fullScreen?: boolean;
  onFullScreen(open: boolean): void;
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
  return (
    <div style={style} className="min-w-0" data-testid="dashboard-panel" data-panel={panel.id} data-kind={panel.kind}>
      <Panel
        title={<span title={panel.description}>{panel.title}</span>}
        actions={actions}
        className="h-full overflow-hidden"
      >
        <PanelBody panel={panel} queries={queries} height={height} />
      </Panel>
    </div>
  );
}
