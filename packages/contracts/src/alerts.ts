// Alert rules, channels, silences and alerts: request schemas (rules are kept as code, so the
// API takes what a person would write: durations as "5m", filters as an object) and the
// response shapes shared by the api and the web app.
import { parseSearchQuery, SearchQueryError } from "@tracelight/search-query";
import { z } from "zod";
import type { MetricPoint } from "./metrics.ts";
import { instantParam, MAX_POINTS, resolveInstants } from "./time.ts";
import {
  ALERT_RULE_KINDS,
  ALERT_SEVERITIES,
  ALERT_STATES,
  type AlertRuleKind,
  type AlertSeverity,
  type AlertState,
  type AttributeFilter,
  type AttributeMap,
  CHANNEL_TYPES,
  type ChannelType,
  CONDITION_OPS,
  type DeliveryStatus,
  durationOrZero,
  METRIC_AGGS,
  NO_DATA_POLICIES,
  parseAttributeFilter,
  parseDurationSeconds,
  SEVERITY_MIN_NUMBER,
  type SeverityName,
  SILENCE_MATCHER_OPS,
  type SilenceMatcherOp,
} from "./values.ts";

const name = z.string({ error: "is required" }).trim().min(1, "is required").max(200, "at most 200 characters");

/** A duration as written in a rule ("30s", "5m", "1h"), kept as text, checked for sense. */
const duration = (min: number, max: number) =>
  z
    .string({ error: 'must be a duration such as "30s", "5m" or "1h"' })
    .trim()
    .refine(
      (s) => {
        const seconds = parseDurationSeconds(s);
        return seconds !== undefined && seconds >= min && seconds <= max;
      },
      `must be a duration such as "30s", "5m" or "1h", between ${min} s and ${max / 3600} h`,
    );

const filterObject = z.object({
  key: z.string().trim().min(1, "is required"),
  op: z.enum(["=", "!="], { error: 'must be "=" or "!="' }),
  value: z.string(),
});

/**
 * Filters as `{ "service.name": "checkout" }` (equality), or a list of "key=value" /
 * "key!=value" strings or `{ key, op, value }` objects (what GET returns); stored as a list of
 * AttributeFilter either way.
 */
const filters = z
  .union([z.record(z.string().min(1), z.string()), z.array(z.union([z.string(), filterObject]))], {
    error: 'must be an object such as { "service.name": "checkout" } or a list of "key=value" strings',
  })
  .default({})
  .transform((value, ctx): AttributeFilter[] => {
    if (!Array.isArray(value)) return Object.entries(value).map(([key, v]) => ({ key: key.trim(), op: "=", value: v }));
    const out: AttributeFilter[] = [];
    for (const item of value) {
      const f = typeof item === "string" ? parseAttributeFilter(item) : item;
      if (f === undefined) {
        ctx.addIssue({ code: "custom", message: `"${item}" is not key=value or key!=value` });
        return z.NEVER;
      }
      out.push(f);
    }
    return out;
  });

const groupBy = z
  .array(z.string().trim().min(1, "keys must not be empty"))
  .max(10, "at most 10 keys")
  .default([])
  .transform((keys) => [...new Set(keys)]);

const labelMap = z
  .record(
    z.string().regex(/^[A-Za-z_][A-Za-z0-9_.]*$/, "label names are letters, digits, _ and ."),
    z.string().max(500),
  )
  .default({});

export const MetricAlertQuerySchema = z.object({
  metric: name,
  aggregation: z.enum(METRIC_AGGS, { error: `must be one of ${METRIC_AGGS.join(", ")}` }),
  filters,
  groupBy,
  /** Each evaluation aggregates this much data, ending at the evaluation time. */
  window: duration(10, 86_400).default("1m"),
});
export type MetricAlertQuery = z.output<typeof MetricAlertQuerySchema>;

const SEVERITY_NAMES = Object.keys(SEVERITY_MIN_NUMBER) as [SeverityName, ...SeverityName[]];

/** Counts log records: "more than 50 ERROR logs from checkout in 5 minutes". */
export const LogAlertQuerySchema = z.object({
  service: z.string().trim().min(1).max(500).optional(),
  /** Minimum severity. */
  severity: z.enum(SEVERITY_NAMES, { error: `must be one of ${SEVERITY_NAMES.join(", ")}` }).optional(),
  /** Log search's query (the search language of packages/search-query), checked when saved. */
  text: z
    .string()
    .trim()
    .max(1000)
    .superRefine((text, ctx) => {
      try {
        parseSearchQuery(text);
      } catch (error) {
        if (!(error instanceof SearchQueryError)) throw error;
        ctx.addIssue({ code: "custom", message: `${error.message} (column ${error.position.column})` });
      }
    })
    .optional(),
  filters,
  groupBy,
  window: duration(10, 86_400).default("5m"),
});
export type LogAlertQuery = z.output<typeof LogAlertQuerySchema>;

export const AlertConditionSchema = z
  .object({
    op: z.enum(CONDITION_OPS, { error: `must be one of ${CONDITION_OPS.join(" ")}` }),
    threshold: z.number({ error: "must be a number" }).finite(),
    /** Upper bound of the range for op "outside". */
    thresholdHigh: z.number({ error: "must be a number" }).finite().optional(),
    /**
     * The UCUM unit threshold and thresholdHigh are written in ("s", "ms", "By", "%"…); absent
     * means the unit the rule's values are answered in (the metric's, see units.ts answerUnit).
     * It must convert into that unit, or the rule reports an evaluation error.
     */
    unit: z.string().trim().max(50).optional(),
    /** How long the condition must hold before the alert fires; "0s"/absent fires at once. */
    for: z
      .string()
      .trim()
      .refine((s) => s === "0s" || s === "0" || parseDurationSeconds(s) !== undefined, {
        message: 'must be a duration such as "0s", "5m" or "1h"',
      })
      .default("0s"),
    /** Fire when at least `n` of the last `m` evaluations breach (instead of `for`). */
    nOfM: z
      .object({ n: z.number().int().min(1), m: z.number().int().min(1).max(100) })
      .refine((v) => v.n <= v.m, { message: "n must not exceed m", path: ["n"] })
      .optional(),
    noData: z.enum(NO_DATA_POLICIES, { error: `must be one of ${NO_DATA_POLICIES.join(", ")}` }).default("ok"),
  })
  .superRefine((c, ctx) => {
    if (c.op === "outside") {
      if (c.thresholdHigh === undefined)
        ctx.addIssue({ code: "custom", path: ["thresholdHigh"], message: 'is required when op is "outside"' });
      else if (c.thresholdHigh < c.threshold)
        ctx.addIssue({ code: "custom", path: ["thresholdHigh"], message: "must not be below threshold" });
    }
    if (c.nOfM !== undefined && durationOrZero(c.for) > 0)
      ctx.addIssue({ code: "custom", path: ["nOfM"], message: 'use either "for" or "nOfM", not both' });
  });
export type AlertCondition = z.output<typeof AlertConditionSchema>;

const ruleFields = {
  name,
  enabled: z.boolean({ error: "must be true or false" }).default(true),
  condition: AlertConditionSchema,
  labels: labelMap,
  severity: z.enum(ALERT_SEVERITIES, { error: `must be one of ${ALERT_SEVERITIES.join(", ")}` }).default("warning"),
  /** Template: {{value}}, {{threshold}}, {{rule}} and {{<label>}} are replaced. */
  summary: z.string().trim().max(1000).default(""),
  channelIds: z.array(z.string().min(1)).max(20).default([]),
};

/** POST/PUT /api/v1/alert-rules: `kind` defaults to "metric". */
export const AlertRuleInputSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ ...ruleFields, kind: z.literal("metric"), query: MetricAlertQuerySchema }),
    z.object({ ...ruleFields, kind: z.literal("logs"), query: LogAlertQuerySchema }),
  ],
  { error: `must be one of ${ALERT_RULE_KINDS.join(", ")}` },
);
/** Accepts a body without `kind` as a metric rule. */
export const AlertRuleBodySchema = z.preprocess(
  (v) => (v !== null && typeof v === "object" && !("kind" in v) ? { ...v, kind: "metric" } : v),
  AlertRuleInputSchema,
);
export type AlertRuleInput = z.output<typeof AlertRuleInputSchema>;

export const ChannelInputSchema = z.object({
  name,
  type: z.enum(CHANNEL_TYPES, { error: `must be one of ${CHANNEL_TYPES.join(", ")}` }),
  /** The api also refuses link-local and cloud metadata addresses and applies its allow/deny lists. */
  url: z
    .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })
    .max(2000, "at most 2000 characters"),
});
export type ChannelInput = z.output<typeof ChannelInputSchema>;

export const SilenceInputSchema = z
  .object({
    matchers: z
      .array(
        z.object({
          label: z.string().trim().min(1, "is required"),
          op: z.enum(SILENCE_MATCHER_OPS, { error: `must be one of ${SILENCE_MATCHER_OPS.join(" ")}` }).default("="),
          /** For =~ and !~, an RE2 pattern (the api compiles it; RE2 matches in linear time). */
          value: z.string().max(1000, "at most 1000 characters"),
        }),
      )
      .min(1, "at least one matcher is required"),
    /** Defaults to now. */
    startsAt: instantParam,
    /** Either endsAt or a duration such as "2h". */
    endsAt: instantParam,
    duration: duration(60, 90 * 86_400).optional(),
    comment: z.string().trim().max(1000).default(""),
    createdBy: z.string().trim().max(200).default(""),
  })
  .superRefine((s, ctx) => {
    if (s.endsAt === undefined && s.duration === undefined)
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: 'give endsAt or a duration such as "2h"' });
  })
  .transform((s, ctx) => {
    const now = Date.now();
    const at = resolveInstants({ startsAt: s.startsAt, endsAt: s.endsAt }, now, ctx);
    if (at === undefined) return z.NEVER;
    const startsAt = at.startsAt ?? now;
    const endsAt = at.endsAt ?? startsAt + (parseDurationSeconds(s.duration ?? "") ?? 0) * 1000;
    return { matchers: s.matchers, startsAt, endsAt, comment: s.comment, createdBy: s.createdBy };
  })
  .refine((s) => s.endsAt > s.startsAt, { message: "must be after startsAt", path: ["endsAt"] });
export type SilenceInput = z.output<typeof SilenceInputSchema>;

/** POST /api/v1/alert-rules/preview: a rule (name optional) replayed over a range (default: last 6 hours). */
export const AlertPreviewBodySchema = z
  .object({
    rule: z.preprocess(
      (v) => (v !== null && typeof v === "object" && !("name" in v) ? { ...v, name: "preview" } : v),
      AlertRuleBodySchema,
    ),
    from: instantParam,
    to: instantParam,
  })
  .transform((body, ctx) => {
    const now = Date.now();
    const ends = resolveInstants({ from: body.from, to: body.to }, now, ctx);
    if (ends === undefined) return z.NEVER;
    const to = ends.to ?? now;
    const from = ends.from ?? to - PREVIEW_DEFAULT_MS;
    if (from >= to) {
      ctx.addIssue({ code: "custom", path: ["from"], message: "must be before `to`" });
      return z.NEVER;
    }
    // A replay loops over every window of every series: both are capped before anything runs.
    if (to - from > PREVIEW_MAX_RANGE_MS) {
      ctx.addIssue({
        code: "custom",
        path: ["from"],
        message: `must be at most ${PREVIEW_MAX_DAYS} days before \`to\``,
      });
      return z.NEVER;
    }
    const windows = Math.ceil((to - from) / ((parseDurationSeconds(body.rule.query.window) ?? 60) * 1000));
    if (windows > PREVIEW_MAX_WINDOWS) {
      ctx.addIssue({
        code: "custom",
        path: ["rule", "query", "window"],
        message: `gives ${windows} windows over this range; at most ${PREVIEW_MAX_WINDOWS} (use a longer window or a shorter range)`,
      });
      return z.NEVER;
    }
    return { rule: body.rule, range: { from, to } };
  });
export type AlertPreviewBody = z.output<typeof AlertPreviewBodySchema>;
export const PREVIEW_DEFAULT_MS = 6 * 3_600_000;
const PREVIEW_MAX_DAYS = 31;
export const PREVIEW_MAX_RANGE_MS = PREVIEW_MAX_DAYS * 86_400_000;
/** Windows one preview replays per series: a chart's most points (24 hours of 10 s windows are 8,640). */
export const PREVIEW_MAX_WINDOWS = MAX_POINTS;

export const AlertsQuerySchema = z.object({
  state: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.enum(ALERT_STATES, { error: `must be one of ${ALERT_STATES.join(", ")}` }).optional(),
  ),
  ruleId: z.preprocess((v) => (v === "" ? undefined : v), z.string().optional()),
});

// Responses

export interface Channel {
  id: string;
  name: string;
  type: ChannelType;
  url: string;
  createdAt: string;
  updatedAt: string;
}

export interface ChannelsResponse {
  channels: Channel[];
}

export interface AlertRule {
  id: string;
  name: string;
  kind: AlertRuleKind;
  query: MetricAlertQuery | LogAlertQuery;
  condition: AlertCondition;
  labels: AttributeMap;
  severity: AlertSeverity;
  summary: string;
  channelIds: string[];
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
  /** Instances of the rule per state right now. */
  counts: Record<AlertState, number>;
  /** The evaluator's last run of the rule (epoch ms) and why it failed; null error: it worked. */
  health: { lastEvalAt: number | null; error: string | null };
  /**
   * Present on Tracelight's own rules over its self-metrics ("ingest-refusing"…): made at
   * start, editable and disabled like any rule, but not deleted (409).
   */
  builtinKey?: string;
}

export interface AlertRulesResponse {
  rules: AlertRule[];
}

export interface EvidenceTrace {
  traceId: string;
  spanId: string;
  /** Epoch ms. */
  timestamp: number;
  /** The exemplar's value, or the span's duration in ms when it came from spans. */
  value: number;
  serviceName: string;
  /** Root or entry span name, when the trace is in the store. */
  spanName: string;
  durationMs: number | null;
  isError: boolean;
}

export interface EvidenceLog {
  timestamp: number;
  severityText: string;
  body: string;
  serviceName: string;
  traceId: string;
  spanId: string;
}

/** Captured when the alert fired: what breached, and the requests and logs behind it. */
export interface AlertEvidence {
  capturedAt: number;
  /** The breaching window, epoch ms. */
  window: { from: number; to: number };
  traces: EvidenceTrace[];
  logs: EvidenceLog[];
  /** Why the store could not give the evidence (the alert fired without it); absent when it did. */
  missing?: string;
}

export interface Alert {
  id: string;
  ruleId: string;
  ruleName: string;
  severity: AlertSeverity;
  state: AlertState;
  /** Firing or pending and matched by an active silence. */
  silenced: boolean;
  /** When the condition started to hold (epoch ms), or null. */
  startedAt: number | null;
  firedAt: number | null;
  resolvedAt: number | null;
  lastEvalAt: number;
  labels: AttributeMap;
  value: number | null;
  /** Unit of value and threshold: the metric's unit ("ms", "By", "1"…), "" for log counts or unknown. */
  unit: string;
  summary: string;
  evidence: AlertEvidence | null;
  /** Relative links into the UI: the metric view with the rule's query and window. */
  links: { alert: string; metric: string | null };
}

export interface AlertsResponse {
  alerts: Alert[];
}

export interface Delivery {
  id: string;
  eventId: string | null;
  channelId: string;
  channelName: string;
  status: DeliveryStatus;
  test: boolean;
  attempts: number;
  lastError: string | null;
  responseStatus: number | null;
  createdAt: string;
  sentAt: string | null;
  nextAttemptAt: string;
}

export interface AlertEvent {
  id: string;
  state: AlertState;
  fromState: AlertState;
  at: number;
  value: number | null;
  summary: string;
  evidence: AlertEvidence | null;
  deliveries: Delivery[];
}

/** GET /api/v1/alerts/:id */
export interface AlertDetailResponse {
  alert: Alert;
  rule: AlertRule;
  /** Newest first. */
  events: AlertEvent[];
}

export interface DeliveriesResponse {
  deliveries: Delivery[];
}

export interface SilenceMatcher {
  label: string;
  op: SilenceMatcherOp;
  value: string;
}

export interface Silence {
  id: string;
  matchers: SilenceMatcher[];
  startsAt: number;
  endsAt: number;
  comment: string;
  createdBy: string;
  createdAt: string;
  /** "active" now, "pending" (starts later) or "expired". */
  status: "active" | "pending" | "expired";
}

export interface SilencesResponse {
  silences: Silence[];
}

/** One series of a preview: its values and the intervals where the rule would have fired. */
export interface AlertPreviewSeries {
  labels: AttributeMap;
  points: MetricPoint[];
  /** Epoch ms intervals in which the alert would have been firing. */
  firing: { from: number; to: number }[];
}

export interface AlertPreviewResponse {
  /** The evaluation step used for the replay (the query window), ms. */
  stepMs: number;
  /** The unit of every point, as MetricSeriesResponse.unit. */
  unit: string;
  /** Series left out because their unit does not convert into `unit`. */
  warnings: string[];
  /**
   * At most DEFAULT_SERIES_LIMIT series (fewer when they would hold more than MAX_ANSWER_POINTS
   * windows), the highest peaks, as /metrics/series keeps them; see truncated.
   */
  series: AlertPreviewSeries[];
  /** More series matched than the preview shows. */
  truncated: boolean;
}
