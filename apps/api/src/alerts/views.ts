// Database rows as the API's response types (packages/contracts/src/alerts.ts).
import { isSilenced, type SilenceWindow, silenceStatus } from "@tracelight/alerts";
import type {
  Alert,
  AlertEvent,
  AlertEvidence,
  AlertRule,
  AlertState,
  AttributeMap,
  Channel,
  ChannelType,
  Silence,
  SilenceMatcher,
} from "@tracelight/contracts";
import { ALERT_STATES } from "@tracelight/contracts";
import type {
  Channel as ChannelRow,
  Delivery as DeliveryRow,
  AlertEvent as EventRow,
  AlertInstance as InstanceRow,
  Silence as SilenceRow,
} from "@tracelight/db";
import { maskChannelUrl } from "../notify/channel-url.ts";
import { toDeliveryDto } from "../notify/dispatcher.ts";
import { alertLinks } from "./alert-links.ts";
import type { StoredRule } from "./stored-rule.ts";

/** `reveal`: the stored URL in full, credentials included (admins asking for it); else masked. */
export function channelView(row: ChannelRow, reveal = false): Channel {
  return {
    id: row.id,
    name: row.name,
    type: row.type as ChannelType,
    url: reveal ? row.url : maskChannelUrl(row.url),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function ruleView(rule: StoredRule, states: readonly string[]): AlertRule {
  const counts = Object.fromEntries(ALERT_STATES.map((s) => [s, 0])) as Record<AlertState, number>;
  for (const s of states) if (s in counts) counts[s as AlertState]++;
  return {
    id: rule.id,
    name: rule.name,
    kind: rule.kind,
    query: rule.query,
    condition: rule.condition,
    labels: rule.labels,
    severity: rule.severity,
    summary: rule.summary,
    channelIds: rule.channelIds,
    enabled: rule.enabled,
    createdAt: rule.createdAt.toISOString(),
    updatedAt: rule.updatedAt.toISOString(),
    counts,
    health: { lastEvalAt: rule.lastEvalAt?.getTime() ?? null, error: rule.lastError },
    ...(rule.builtinKey ? { builtinKey: rule.builtinKey } : {}),
  };
}

export function silenceWindow(row: SilenceRow): SilenceWindow {
  return {
    matchers: row.matchers as unknown as SilenceMatcher[],
    startsAt: row.startsAt.getTime(),
    endsAt: row.endsAt.getTime(),
  };
}

export function silenceView(row: SilenceRow, now: number): Silence {
  const window = silenceWindow(row);
  return {
    id: row.id,
    matchers: window.matchers as SilenceMatcher[],
    startsAt: window.startsAt,
    endsAt: window.endsAt,
    comment: row.comment,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    status: silenceStatus(window, now),
  };
}

/** Rule labels + series labels + alertname + severity, as the evaluator computed them last. */
export function alertView(
  row: InstanceRow,
  rule: StoredRule,
  labels: AttributeMap,
  summary: string,
  unit: string,
  silences: readonly SilenceWindow[],
  now: number,
): Alert {
  const times = {
    activeAt: row.activeAt?.getTime() ?? null,
    firedAt: row.firedAt?.getTime() ?? null,
    resolvedAt: row.resolvedAt?.getTime() ?? null,
    lastEvalAt: row.lastEvalAt.getTime(),
  };
  const state = row.state as AlertState;
  const active = state === "firing" || state === "pending";
  // A resolved alert keeps its last firing's start; an active one its current start.
  const startedAt = active ? (times.activeAt ?? times.firedAt) : times.firedAt;
  return {
    id: row.id,
    ruleId: rule.id,
    ruleName: rule.name,
    severity: rule.severity,
    state,
    silenced: active && isSilenced(silences, labels, now),
    startedAt,
    firedAt: times.firedAt,
    resolvedAt: state === "resolved" ? times.resolvedAt : null,
    lastEvalAt: times.lastEvalAt,
    labels,
    value: row.value,
    unit,
    summary,
    evidence: (row.evidence ?? null) as AlertEvidence | null,
    links: alertLinks(rule, row.id, times),
  };
}

export function eventView(row: EventRow & { deliveries: (DeliveryRow & { channel: { name: string } })[] }): AlertEvent {
  return {
    id: row.id,
    state: row.state as AlertState,
    fromState: row.fromState as AlertState,
    at: row.at.getTime(),
    value: row.value,
    summary: row.summary,
    evidence: (row.evidence ?? null) as AlertEvidence | null,
    deliveries: row.deliveries.map(toDeliveryDto),
  };
}
