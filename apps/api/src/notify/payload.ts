// What a notification says: the generic webhook's versioned JSON and the Slack-compatible
// incoming-webhook message, built from one alert event (pure; links made absolute here).
import type { AlertEvidence, AlertSeverity, AttributeMap, ChannelType, ConditionOp } from "@tracelight/contracts";

/** One alert event to notify about, as the evaluator knows it. Times are epoch ms. */
export interface NotificationInput {
  /** The AlertEvent's id. */
  eventId: string;
  /** The AlertInstance's id (the UI's /alerts/<id>). */
  alertId: string;
  state: "firing" | "resolved";
  /** When the transition happened. */
  at: number;
  rule: {
    id: string;
    name: string;
    severity: AlertSeverity;
    condition: { op: ConditionOp; threshold: number; thresholdHigh?: number | undefined };
  };
  /** The alert's labels: rule labels + series labels + alertname + severity. */
  labels: AttributeMap;
  /** The rendered summary template. */
  summary: string;
  /** The value of the last evaluation; null when there was no data. */
  value: number | null;
  /** Unit of value and threshold ("ms", "By", "1"…), shown next to them; "" or absent for none. */
  unit?: string | undefined;
  /** When the condition started to hold. */
  startedAt: number | null;
  firedAt: number | null;
  resolvedAt: number | null;
  evidence: AlertEvidence | null;
  /** UI links, relative ("/alerts/…", "/metrics?…") or absolute; alert defaults to /alerts/<alertId>. */
  links?: { alert?: string | undefined; metric?: string | null | undefined } | undefined;
}

export interface PayloadContext {
  /** Base of every link, e.g. "https://tracelight.example.com" (TRACELIGHT_PUBLIC_URL). */
  publicUrl: string;
  /** Receivers dedupe on it: the same key arrives again only when a send is retried. */
  idempotencyKey: string;
}

export const WEBHOOK_PAYLOAD_VERSION = "1";
export const TEST_MESSAGE = "This is a test notification from Tracelight";
/** Evidence traces a Slack message links to (the webhook carries all of them). */
export const SLACK_MAX_TRACES = 3;

export interface WebhookEvidenceTrace {
  traceId: string;
  spanId: string;
  timestamp: string;
  value: number;
  serviceName: string;
  spanName: string;
  durationMs: number | null;
  isError: boolean;
  link: string;
}

export interface WebhookEvidenceLog {
  timestamp: string;
  severityText: string;
  body: string;
  serviceName: string;
  traceId: string;
  spanId: string;
  /** The trace's logs in the UI; null for a log without a trace. */
  link: string | null;
}

/** The generic webhook body for an alert event (version "1"). Times are RFC 3339 (UTC). */
export interface AlertWebhookPayload {
  version: typeof WEBHOOK_PAYLOAD_VERSION;
  idempotencyKey: string;
  status: "firing" | "resolved";
  test: false;
  /** One line for receivers that show only text: "[FIRING] checkout p99: p99 912 ms …". */
  title: string;
  alert: {
    id: string;
    eventId: string;
    state: "firing" | "resolved";
    at: string;
    labels: AttributeMap;
    summary: string;
    value: number | null;
    unit: string;
    startedAt: string | null;
    firedAt: string | null;
    resolvedAt: string | null;
  };
  rule: {
    id: string;
    name: string;
    severity: AlertSeverity;
    condition: { op: ConditionOp; threshold: number; thresholdHigh: number | null; text: string };
  };
  links: { alert: string; metric: string | null };
  evidence: {
    capturedAt: string;
    window: { from: string; to: string };
    traces: WebhookEvidenceTrace[];
    logs: WebhookEvidenceLog[];
    /** Why the store could not give the evidence (the alert fired without it); null when it did. */
    missing: string | null;
  } | null;
}

/** The generic webhook body of a channel's test-send. */
export interface TestWebhookPayload {
  version: typeof WEBHOOK_PAYLOAD_VERSION;
  idempotencyKey: string;
  status: "test";
  test: true;
  title: string;
  message: string;
  channel: { id: string; name: string };
  at: string;
  links: { alerts: string };
}

export type WebhookPayload = AlertWebhookPayload | TestWebhookPayload;

/** Slack Block Kit, only the parts used here. */
export type SlackText = { type: "mrkdwn" | "plain_text"; text: string; emoji?: boolean };
export type SlackBlock =
  | { type: "header"; text: SlackText }
  | { type: "section"; text?: SlackText; fields?: SlackText[] }
  | { type: "context"; elements: SlackText[] }
  | { type: "divider" }
  | {
      type: "actions";
      elements: { type: "button"; text: SlackText; url: string; action_id: string; style?: "primary" | "danger" }[];
    };

export interface SlackPayload {
  /** Shown in notifications and by clients that cannot render blocks. */
  text: string;
  blocks: SlackBlock[];
}

/** The body for a channel type: the webhook JSON or a Slack message. */
export function buildNotificationBody(
  type: ChannelType,
  input: NotificationInput,
  ctx: PayloadContext,
): WebhookPayload | SlackPayload {
  return type === "slack" ? buildSlackPayload(input, ctx) : buildWebhookPayload(input, ctx);
}

export function buildTestBody(
  type: ChannelType,
  channel: { id: string; name: string },
  at: number,
  ctx: PayloadContext,
): WebhookPayload | SlackPayload {
  return type === "slack" ? buildTestSlackPayload(channel, ctx) : buildTestWebhookPayload(channel, at, ctx);
}

export function buildWebhookPayload(input: NotificationInput, ctx: PayloadContext): AlertWebhookPayload {
  const links = alertLinks(input, ctx.publicUrl);
  const { condition } = input.rule;
  const evidence = input.evidence;
  return {
    version: WEBHOOK_PAYLOAD_VERSION,
    idempotencyKey: ctx.idempotencyKey,
    status: input.state,
    test: false,
    title: titleLine(input),
    alert: {
      id: input.alertId,
      eventId: input.eventId,
      state: input.state,
      at: iso(input.at),
      labels: input.labels,
      summary: input.summary,
      value: input.value,
      unit: input.unit ?? "",
      startedAt: isoOrNull(input.startedAt),
      firedAt: isoOrNull(input.firedAt),
      resolvedAt: isoOrNull(input.resolvedAt),
    },
    rule: {
      id: input.rule.id,
      name: input.rule.name,
      severity: input.rule.severity,
      condition: {
        op: condition.op,
        threshold: condition.threshold,
        thresholdHigh: condition.thresholdHigh ?? null,
        text: conditionText(input),
      },
    },
    links,
    evidence:
      evidence === null
        ? null
        : {
            capturedAt: iso(evidence.capturedAt),
            window: { from: iso(evidence.window.from), to: iso(evidence.window.to) },
            traces: evidence.traces.map((t) => ({
              traceId: t.traceId,
              spanId: t.spanId,
              timestamp: iso(t.timestamp),
              value: t.value,
              serviceName: t.serviceName,
              spanName: t.spanName,
              durationMs: t.durationMs,
              isError: t.isError,
              link: traceLink(ctx.publicUrl, t.traceId, t.spanId),
            })),
            logs: evidence.logs.map((l) => ({
              timestamp: iso(l.timestamp),
              severityText: l.severityText,
              body: l.body,
              serviceName: l.serviceName,
              traceId: l.traceId,
              spanId: l.spanId,
              link:
                l.traceId === "" ? null : absoluteUrl(ctx.publicUrl, `/logs?traceId=${encodeURIComponent(l.traceId)}`),
            })),
            missing: evidence.missing ?? null,
          },
  };
}

export function buildSlackPayload(input: NotificationInput, ctx: PayloadContext): SlackPayload {
  const links = alertLinks(input, ctx.publicUrl);
  const firing = input.state === "firing";
  const title = titleLine(input);
  const blocks: SlackBlock[] = [
    { type: "header", text: { type: "plain_text", text: clip(headerLine(input), 150), emoji: true } },
  ];
  if (input.summary !== "") blocks.push({ type: "section", text: mrkdwn(escapeSlack(clip(input.summary, 2900))) });

  const fields = [
    mrkdwn(`*State*\n${firing ? "Firing" : "Resolved"}`),
    mrkdwn(`*Severity*\n${escapeSlack(input.rule.severity)}`),
    mrkdwn(`*Value*\n${escapeSlack(valueText(input.value, input.unit))}`),
    mrkdwn(`*Condition*\n${escapeSlack(conditionText(input))}`),
  ];
  if (input.startedAt !== null) fields.push(mrkdwn(`*Started*\n${slackDate(input.startedAt)}`));
  if (firing && input.firedAt !== null) fields.push(mrkdwn(`*Fired*\n${slackDate(input.firedAt)}`));
  if (!firing && input.resolvedAt !== null) fields.push(mrkdwn(`*Resolved*\n${slackDate(input.resolvedAt)}`));
  blocks.push({ type: "section", fields });

  const labels = Object.entries(input.labels)
    .map(([k, v]) => `\`${escapeSlack(k)}=${escapeSlack(v)}\``)
    .join("  ");
  if (labels !== "") blocks.push({ type: "section", text: mrkdwn(clip(`*Labels*\n${labels}`, 3000)) });

  const traces = input.evidence?.traces.slice(0, SLACK_MAX_TRACES) ?? [];
  if (traces.length > 0) {
    const lines = traces.map((t) => {
      const what = [t.serviceName, t.spanName].filter((s) => s !== "").join(" · ");
      const duration = t.durationMs === null ? "" : ` — ${formatNumber(t.durationMs)} ms`;
      const error = t.isError ? " (error)" : "";
      const label = `${t.traceId.slice(0, 16)}${what === "" ? "" : ` ${what}`}${duration}${error}`;
      return `• <${traceLink(ctx.publicUrl, t.traceId, t.spanId)}|${escapeSlackLinkText(label)}>`;
    });
    blocks.push({ type: "section", text: mrkdwn(`*Evidence traces*\n${lines.join("\n")}`) });
  }
  const missing = input.evidence?.missing;
  if (missing !== undefined) {
    blocks.push({ type: "section", text: mrkdwn(clip(`*Evidence missing*\n${escapeSlack(missing)}`, 3000)) });
  }

  const buttons: Extract<SlackBlock, { type: "actions" }>["elements"] = [
    {
      type: "button",
      text: { type: "plain_text", text: "View alert" },
      url: links.alert,
      action_id: "tracelight_view_alert",
      ...(firing ? { style: "primary" as const } : {}),
    },
  ];
  if (links.metric !== null)
    buttons.push({
      type: "button",
      text: { type: "plain_text", text: "Open metric view" },
      url: links.metric,
      action_id: "tracelight_open_metric",
    });
  blocks.push({ type: "actions", elements: buttons });
  blocks.push({ type: "context", elements: [mrkdwn(`Tracelight · rule *${escapeSlack(input.rule.name)}*`)] });
  return { text: title, blocks };
}

export function buildTestWebhookPayload(
  channel: { id: string; name: string },
  at: number,
  ctx: PayloadContext,
): TestWebhookPayload {
  return {
    version: WEBHOOK_PAYLOAD_VERSION,
    idempotencyKey: ctx.idempotencyKey,
    status: "test",
    test: true,
    title: `[TEST] ${TEST_MESSAGE}`,
    message: TEST_MESSAGE,
    channel: { id: channel.id, name: channel.name },
    at: iso(at),
    links: { alerts: absoluteUrl(ctx.publicUrl, "/alerts") },
  };
}

export function buildTestSlackPayload(channel: { id: string; name: string }, ctx: PayloadContext): SlackPayload {
  return {
    text: TEST_MESSAGE,
    blocks: [
      { type: "section", text: mrkdwn(`:white_check_mark: ${TEST_MESSAGE}`) },
      {
        type: "context",
        elements: [
          mrkdwn(
            `Channel *${escapeSlack(channel.name)}* · <${absoluteUrl(ctx.publicUrl, "/alerts")}|Open Tracelight alerts>`,
          ),
        ],
      },
    ],
  };
}

/** `base` + `path` unless `path` is already absolute; exactly one slash between them. */
export function absoluteUrl(base: string, path: string): string {
  if (/^https?:\/\//i.test(path)) return path;
  return `${base.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}

/** Numbers as people read them: integers whole, others to 4 significant digits. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toPrecision(4)));
}

function alertLinks(input: NotificationInput, publicUrl: string): { alert: string; metric: string | null } {
  const alert = input.links?.alert ?? `/alerts/${encodeURIComponent(input.alertId)}`;
  const metric = input.links?.metric ?? null;
  return { alert: absoluteUrl(publicUrl, alert), metric: metric === null ? null : absoluteUrl(publicUrl, metric) };
}

function traceLink(publicUrl: string, traceId: string, spanId: string): string {
  const span = spanId === "" ? "" : `?span=${encodeURIComponent(spanId)}`;
  return absoluteUrl(publicUrl, `/traces/${encodeURIComponent(traceId)}${span}`);
}

function titleLine(input: NotificationInput): string {
  const head = `[${input.state.toUpperCase()}] ${input.rule.name}`;
  return input.summary === "" ? `${head} (${valueText(input.value, input.unit)})` : `${head}: ${input.summary}`;
}

function headerLine(input: NotificationInput): string {
  const icon = input.state === "firing" ? (input.rule.severity === "critical" ? "🔴" : "🟠") : "✅";
  return `${icon} ${input.state === "firing" ? "Firing" : "Resolved"}: ${input.rule.name}`;
}

function valueText(value: number | null, unit: string | undefined): string {
  if (value === null) return "no data";
  return withUnit(formatNumber(value), unit);
}

function withUnit(text: string, unit: string | undefined): string {
  return unit === undefined || unit === "" || unit === "1" ? text : `${text} ${unit}`;
}

function conditionText(input: NotificationInput): string {
  const { op, threshold, thresholdHigh } = input.rule.condition;
  if (op === "outside")
    return `outside ${formatNumber(threshold)} – ${withUnit(formatNumber(thresholdHigh ?? threshold), input.unit)}`;
  return `${op} ${withUnit(formatNumber(threshold), input.unit)}`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : iso(ms);
}

function mrkdwn(text: string): SlackText {
  return { type: "mrkdwn", text };
}

/** Slack renders the date in the reader's time zone; the fallback is UTC. */
function slackDate(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `<!date^${seconds}^{date_short_pretty} {time_secs}|${iso(ms)}>`;
}

// Slack's mrkdwn treats &, < and > as control characters; everything else is literal.
function escapeSlack(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function escapeSlackLinkText(text: string): string {
  return escapeSlack(text).replace(/\|/g, "¦");
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
