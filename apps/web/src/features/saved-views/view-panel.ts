// A saved view as a dashboard panel (pure): a log search becomes a `logs` panel, a trace search a
// `traces` panel, a metric explorer state a `timeseries` panel. The panel's one query is the
// view's URL state less what the view's route does not take: the range (the dashboard's applies)
// and the page's own keys (the explorer's highlighted window, exemplars=off); every other value
// is kept as it is, so the panel asks exactly what the view asked.
import {
  type DashboardPanel,
  DashboardPanelSchema,
  LogsQuerySchema,
  MetricSeriesQuerySchema,
  type PanelQuery,
  type SavedView,
  type SavedViewKind,
  TraceSearchQuerySchema,
} from "@tracelight/contracts";
import { freeId } from "../dashboards/dashboard-draft.ts";
import { firstFree } from "../dashboards/grid-layout.ts";

const PANELS: Record<SavedViewKind, { kind: "logs" | "traces" | "timeseries"; keys: string[]; w: number }> = {
  logs: { kind: "logs", keys: Object.keys(LogsQuerySchema.in.shape), w: 24 },
  traces: { kind: "traces", keys: Object.keys(TraceSearchQuerySchema.in.shape), w: 24 },
  metrics: { kind: "timeseries", keys: Object.keys(MetricSeriesQuerySchema.in.shape), w: 12 },
};
const RANGE = new Set(["from", "to"]);
/** `$name` is a dashboard variable (`$$` is none): such a value would not be sent as it is. */
const REFERENCE = /\$[A-Za-z_]/;

/** The view's query as its route takes it. */
export function queryOfView(view: Pick<SavedView, "kind" | "state">): PanelQuery {
  const { keys } = PANELS[view.kind];
  return Object.fromEntries(Object.entries(view.state).filter(([key]) => keys.includes(key) && !RANGE.has(key)));
}

/** The panel the view pins to a dashboard of `panels`, or why it cannot be one. */
export function panelOfView(
  view: Pick<SavedView, "name" | "kind" | "state">,
  panels: readonly DashboardPanel[],
): DashboardPanel | string {
  const { kind, w } = PANELS[view.kind];
  const query = queryOfView(view);
  for (const [key, value] of Object.entries(query)) {
    if ((Array.isArray(value) ? value : [value]).some((v) => REFERENCE.test(v.replaceAll("$$", ""))))
      return `${key}: has a $ that a dashboard would read as a variable`;
  }
  const panel = { id: freeId(panels), title: view.name, kind, grid: firstFree(panels, w, 8), queries: [query] };
  const checked = DashboardPanelSchema.safeParse(panel);
  if (checked.success) return checked.data;
  // Issues of the one query are at queries.0.<key>: the key is what the view's user knows.
  return checked.error.issues.map((i) => `${i.path.slice(2).join(".") || i.path.join(".")}: ${i.message}`).join("; ");
}
