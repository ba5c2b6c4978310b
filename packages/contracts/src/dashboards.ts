// Dashboards as JSON documents: GET/POST/PUT/DELETE /api/v1/dashboards, export and import.
// A panel's queries are the query-string parameters of the route its view calls (metric
// explorer: /metrics/series, log search: /logs, trace search: /traces, log volume:
// /logs/histogram) without the range, checked by that route's own schema, so a panel opens in
// that view with its exact query. Variables are referenced as `$name` inside values.
import { z } from "zod";
import { LogHistogramQuerySchema } from "./log-histogram.ts";
import { LogsQuerySchema } from "./logs.ts";
import { MetricSeriesQuerySchema } from "./metrics.ts";
import { TraceSearchQuerySchema } from "./traces.ts";

export const DASHBOARD_CAPS = {
  panels: 100,
  variables: 20,
  queriesPerPanel: 10,
  name: 200,
  text: 1000,
  markdown: 20_000,
  params: 50,
  values: 1000,
} as const;
/** Columns of the panel grid. */
export const GRID_COLUMNS = 24;

const text = (max: number = DASHBOARD_CAPS.text) => z.string().max(max, `must be at most ${max} characters`);
const name = z.string().trim().min(1, "is required").max(DASHBOARD_CAPS.name, "must be at most 200 characters");

export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** `$name` inside a value; `$$` is no reference. */
const VARIABLE_REFERENCE = /\$([A-Za-z_][A-Za-z0-9_]{0,63})/g;

export const VARIABLE_KINDS = ["attribute", "service", "custom"] as const;

export const DashboardVariableSchema = z
  .strictObject({
    name: z.string().regex(VARIABLE_NAME, "must be a letter or _, then letters, digits or _ (at most 64)"),
    label: text(DASHBOARD_CAPS.name).optional(),
    /** service: the service names; attribute: values of `attribute`; custom: `values`. */
    kind: z.enum(VARIABLE_KINDS, { error: "must be attribute, service or custom" }),
    attribute: text(500).optional(),
    multi: z.boolean().default(false),
    default: z.union([text(), z.array(text()).max(DASHBOARD_CAPS.values)]).optional(),
    values: z.array(text()).max(DASHBOARD_CAPS.values).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.kind === "attribute" && !v.attribute)
      ctx.addIssue({ code: "custom", path: ["attribute"], message: "is required for an attribute variable" });
    if (v.kind === "custom" && (v.values?.length ?? 0) === 0) {
      ctx.addIssue({ code: "custom", path: ["values"], message: "is required for a custom variable" });
    }
    if (Array.isArray(v.default) && !v.multi)
      ctx.addIssue({ code: "custom", path: ["default"], message: "is one value unless multi" });
  });
export type DashboardVariable = z.output<typeof DashboardVariableSchema>;

/** A route's query-string parameters: one value or a repeated one. */
const PanelQuerySchema = z.record(
  z.string().max(100),
  z.union([text(), z.array(text()).max(DASHBOARD_CAPS.params)], { error: "must be a string or a list of strings" }),
);
export type PanelQuery = z.output<typeof PanelQuerySchema>;

/** The route each panel kind's queries are written for. */
const QUERY_ROUTES = {
  metrics: MetricSeriesQuerySchema,
  logs: LogsQuerySchema,
  "log-volume": LogHistogramQuerySchema,
  traces: TraceSearchQuerySchema,
} as const;
type QueryRoute = keyof typeof QUERY_ROUTES;

/** Issues of each query as its route would answer them; the range is the dashboard's. */
function checkQueries(route: QueryRoute) {
  const schema = QUERY_ROUTES[route];
  const allowed = Object.keys(schema.in.shape).filter((key) => key !== "from" && key !== "to");
  return z
    .array(PanelQuerySchema)
    .min(1, "needs at least one query")
    .max(DASHBOARD_CAPS.queriesPerPanel, `at most ${DASHBOARD_CAPS.queriesPerPanel} queries`)
    .superRefine((queries, ctx) => {
      queries.forEach((query, i) => {
        for (const key of Object.keys(query)) {
          if (!allowed.includes(key)) {
            ctx.addIssue({
              code: "custom",
              path: [i, key],
              message: `is not a parameter (one of ${allowed.join(", ")})`,
            });
          }
        }
        const result = schema.safeParse(query);
        if (result.success) return;
        for (const issue of result.error.issues)
          ctx.addIssue({ code: "custom", path: [i, ...issue.path], message: issue.message });
      });
    });
}

const grid = z
  .strictObject({
    x: z
      .number()
      .int()
      .min(0)
      .max(GRID_COLUMNS - 1),
    y: z.number().int().min(0).max(10_000),
    w: z.number().int().min(1).max(GRID_COLUMNS),
    h: z.number().int().min(1).max(100),
  })
  .refine((g) => g.x + g.w <= GRID_COLUMNS, { message: `x + w must be at most ${GRID_COLUMNS}`, path: ["w"] });

const panelBase = {
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1 to 64 letters, digits, _ or -"),
  title: text(DASHBOARD_CAPS.name),
  description: text().optional(),
  grid,
};
const unit = text(50).optional();
const COLORS = ["green", "yellow", "orange", "red", "blue", "gray"] as const;

export const PANEL_KINDS = ["timeseries", "stat", "bar", "table", "logs", "traces", "log-volume", "markdown"] as const;
export type PanelKind = (typeof PANEL_KINDS)[number];

export const DashboardPanelSchema = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({
      ...panelBase,
      kind: z.literal("timeseries"),
      queries: checkQueries("metrics"),
      options: z.strictObject({ unit, stacked: z.boolean().optional() }).optional(),
    }),
    z.strictObject({
      ...panelBase,
      kind: z.literal("stat"),
      queries: checkQueries("metrics"),
      options: z
        .strictObject({
          unit,
          reduce: z.enum(["last", "min", "max", "avg", "sum"]).optional(),
          sparkline: z.boolean().optional(),
          /** Ascending: the colour of the highest threshold the value reaches. */
          thresholds: z
            .array(z.strictObject({ value: z.number(), color: z.enum(COLORS) }))
            .max(10)
            .optional(),
        })
        .optional(),
    }),
    z.strictObject({
      ...panelBase,
      kind: z.literal("bar"),
      queries: checkQueries("metrics"),
      options: z.strictObject({ unit, stacked: z.boolean().optional() }).optional(),
    }),
    z.strictObject({
      ...panelBase,
      kind: z.literal("table"),
      queries: checkQueries("metrics"),
      options: z.strictObject({ unit, limit: z.number().int().min(1).max(100).optional() }).optional(),
    }),
    z.strictObject({ ...panelBase, kind: z.literal("logs"), queries: checkQueries("logs") }),
    z.strictObject({ ...panelBase, kind: z.literal("traces"), queries: checkQueries("traces") }),
    z.strictObject({ ...panelBase, kind: z.literal("log-volume"), queries: checkQueries("log-volume") }),
    z.strictObject({
      ...panelBase,
      kind: z.literal("markdown"),
      options: z.strictObject({ text: text(DASHBOARD_CAPS.markdown) }),
    }),
  ],
  { error: `must be one of ${PANEL_KINDS.join(", ")}` },
);
export type DashboardPanel = z.output<typeof DashboardPanelSchema>;

/** Each `$name` in the panels' query values, with where it is. */
function references(panels: readonly DashboardPanel[]): { name: string; path: (string | number)[] }[] {
  const found: { name: string; path: (string | number)[] }[] = [];
  panels.forEach((panel, p) => {
    if (!("queries" in panel)) return;
    panel.queries.forEach((query, q) => {
      for (const [key, value] of Object.entries(query)) {
        const values = Array.isArray(value) ? value : [value];
        for (const v of values) {
          for (const match of v.replaceAll("$$", "").matchAll(VARIABLE_REFERENCE)) {
            found.push({ name: match[1] ?? "", path: ["panels", p, "queries", q, key] });
          }
        }
      }
    });
  });
  return found;
}

/** A dashboard as created, replaced and imported; `id` and `version` of an exported file are ignored. */
export const DashboardInputSchema = z
  .strictObject({
    id: z.string().max(100).optional(),
    version: z.number().int().min(1).optional(),
    name,
    description: text().optional(),
    variables: z
      .array(DashboardVariableSchema)
      .max(DASHBOARD_CAPS.variables, `at most ${DASHBOARD_CAPS.variables} variables`)
      .default([]),
    panels: z
      .array(DashboardPanelSchema)
      .max(DASHBOARD_CAPS.panels, `at most ${DASHBOARD_CAPS.panels} panels`)
      .default([]),
    /** The default range in the time grammar ("now-6h"); the global picker overrides it. */
    timeRange: z.strictObject({ from: text(100), to: text(100) }).optional(),
    /** Auto-refresh interval such as "30s", or "off". */
    refresh: z
      .string()
      .regex(/^(off|\d{1,5}[smh])$/, 'must be "off" or a duration such as 30s, 5m, 1h')
      .optional(),
  })
  .superRefine((d, ctx) => {
    const seen = new Set<string>();
    d.variables.forEach((v, i) => {
      if (seen.has(v.name))
        ctx.addIssue({ code: "custom", path: ["variables", i, "name"], message: `$${v.name} is defined twice` });
      seen.add(v.name);
    });
    const ids = new Set<string>();
    d.panels.forEach((panel, i) => {
      if (ids.has(panel.id))
        ctx.addIssue({ code: "custom", path: ["panels", i, "id"], message: `${panel.id} is used twice` });
      ids.add(panel.id);
    });
    for (const ref of references(d.panels)) {
      if (!seen.has(ref.name))
        ctx.addIssue({ code: "custom", path: ref.path, message: `$${ref.name} is not a variable of the dashboard` });
    }
  });
export type DashboardInput = z.output<typeof DashboardInputSchema>;

/** PUT /api/v1/dashboards/:id: the whole document, with the version it was read at. */
export const DashboardReplaceSchema = DashboardInputSchema.and(
  z.object({ version: z.number({ error: "is required (the version you read)" }).int().min(1) }),
);

/** The stored document (GET, and the export file). */
export interface DashboardDocument extends Omit<DashboardInput, "id" | "version"> {
  id: string;
  version: number;
}

export interface DashboardView extends DashboardDocument {
  /** Tracelight's own dashboard: editable, not deletable. */
  builtin: boolean;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface DashboardSummary {
  id: string;
  name: string;
  builtin: boolean;
  panelCount: number;
  updatedAt: string;
}

export interface DashboardsResponse {
  dashboards: DashboardSummary[];
}
