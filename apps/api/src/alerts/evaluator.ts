// The alerts role: every interval, evaluates each enabled rule against the store, advances
// the state of each of its series (packages/alerts), captures evidence when one starts firing,
// and writes the new states, the events and their notifications (outbox rows) in one
// transaction. State lives in the database, so a restart continues where it stopped and
// sends nothing twice.
import {
  INITIAL_STATE,
  type InstanceState,
  isSilenced,
  type Outcome,
  type SilenceWindow,
  seriesFingerprint,
  step,
  type Transition,
} from "@tracelight/alerts";
import type { AlertEvidence, AlertState, AttributeMap } from "@tracelight/contracts";
import type { Database, AlertInstance as InstanceRow, Prisma } from "@tracelight/db";
import type { ClickHouseTransport } from "@tracelight/store";
import { log } from "../log.ts";
import type { EnqueueRequest } from "../notify/dispatcher.ts";
import { alertLinks } from "./alert-links.ts";
import { captureEvidence } from "./evidence.ts";
import { currentValues, MetricTypes, windowMs } from "./rule-values.ts";
import { describeAlert, readStoredRule, type StoredRule } from "./stored-rule.ts";

/** Where notifications go: rows written in the evaluator's transaction, sent by the dispatcher. */
export interface NotificationOutbox {
  enqueue(tx: Prisma.TransactionClient, request: EnqueueRequest): Promise<unknown>;
  /** The transaction committed: send now rather than at the next poll. */
  wake(): void;
}

export interface EvaluatorOptions {
  db: Database;
  transport: ClickHouseTransport;
  intervalMs: number;
  outbox: NotificationOutbox;
  /** Rules evaluated at once (their store queries overlap). */
  concurrency?: number;
}

export interface CycleStats {
  rules: number;
  series: number;
  transitions: number;
  failedRules: number;
  ms: number;
}

/** One series' evaluation, ready to be written. */
interface Planned {
  rule: StoredRule;
  instanceId: string | undefined;
  fingerprint: string;
  seriesLabels: AttributeMap;
  labels: AttributeMap;
  next: InstanceState;
  transition: Transition | null;
  /** Captured now (the series started firing), else null. */
  evidence: AlertEvidence | null;
  /** What the instance carries from its last firing (for the resolved notification). */
  firingEvidence: AlertEvidence | null;
  summary: string;
  unit: string;
  /** The series is gone and nothing about it is active: its row is removed. */
  drop: boolean;
}

function toState(row: InstanceRow): InstanceState {
  return {
    state: row.state as AlertState,
    activeAt: row.activeAt?.getTime() ?? null,
    firedAt: row.firedAt?.getTime() ?? null,
    resolvedAt: row.resolvedAt?.getTime() ?? null,
    recent: Array.isArray(row.recent) ? (row.recent as Outcome[]) : [],
    value: row.value,
  };
}

const date = (ms: number | null) => (ms === null ? null : new Date(ms));

export class AlertEvaluator {
  private readonly types: MetricTypes;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;

  constructor(private readonly options: EvaluatorOptions) {
    this.types = new MetricTypes(options.transport);
  }

  /** Evaluates now, then every interval (a slow cycle delays the next; cycles never overlap). */
  start(): void {
    const loop = async () => {
      if (this.stopped) return;
      this.running = this.runCycle().catch((error) => log.error("alert evaluation failed", { error }));
      await this.running;
      if (!this.stopped) this.timer = setTimeout(loop, this.options.intervalMs);
    };
    void loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  async runCycle(now = Date.now()): Promise<CycleStats> {
    const started = performance.now();
    const { prisma } = this.options.db;
    const [rows, silenceRows] = await Promise.all([
      prisma.alertRule.findMany({ where: { enabled: true }, include: { channels: true, instances: true } }),
      prisma.silence.findMany({ where: { endsAt: { gt: new Date(now) } } }),
    ]);
    const silences: SilenceWindow[] = silenceRows.map((s) => ({
      matchers: s.matchers as unknown as SilenceWindow["matchers"],
      startsAt: s.startsAt.getTime(),
      endsAt: s.endsAt.getTime(),
    }));

    const failures = new Map<string, string>();
    const planned: Planned[] = [];
    await forEachLimited(rows, this.options.concurrency ?? 4, async (row) => {
      try {
        const rule = readStoredRule(
          row,
          row.channels.map((c) => c.channelId),
        );
        planned.push(...(await this.evaluateRule(rule, row.instances, now)));
      } catch (error) {
        failures.set(row.id, errorText(error));
        log.warn("alert rule evaluation failed", { rule: row.id, name: row.name, error });
      }
    });

    const evaluated = rows.map((r) => r.id).filter((id) => !failures.has(id));
    const notified = await this.write(planned, { evaluated, failures }, silences, now);
    if (notified > 0) this.options.outbox.wake();
    return {
      rules: rows.length,
      series: planned.length,
      transitions: planned.filter((p) => p.transition !== null).length,
      failedRules: failures.size,
      ms: performance.now() - started,
    };
  }

  private async evaluateRule(rule: StoredRule, instances: readonly InstanceRow[], now: number): Promise<Planned[]> {
    const { values, unit } = await currentValues(this.options.transport, this.types, rule, now);
    const seen = new Map(values.map((v) => [seriesFingerprint(v.labels), v]));
    const existing = new Map(instances.map((i) => [i.fingerprint, i]));
    const fingerprints = new Set([...existing.keys(), ...seen.keys()]);
    // A rule without group-by has one series even when nothing matched (no data is a state).
    if (rule.query.groupBy.length === 0) fingerprints.add(seriesFingerprint({}));

    const out: Planned[] = [];
    for (const fingerprint of fingerprints) {
      const row = existing.get(fingerprint);
      const seriesLabels = seen.get(fingerprint)?.labels ?? (row?.labels as AttributeMap | undefined) ?? {};
      // No matching logs is a count of 0; a metric series without points has no data.
      const value = seen.get(fingerprint)?.value ?? (rule.kind === "logs" ? 0 : null);
      const { next, transition } = step(row ? toState(row) : INITIAL_STATE, rule.condition, now, value);
      const { labels, summary } = describeAlert(rule, seriesLabels, value);
      const evidence =
        transition?.to === "firing"
          ? await captureEvidence(
              this.options.transport,
              this.types,
              rule,
              seriesLabels,
              { from: (next.activeAt ?? now) - windowMs(rule), to: now },
              now,
            )
          : null;
      out.push({
        rule,
        instanceId: row?.id,
        fingerprint,
        seriesLabels,
        labels,
        next,
        transition,
        evidence,
        firingEvidence: evidence ?? ((row?.evidence ?? null) as AlertEvidence | null),
        summary,
        unit,
        drop: value === null && next.state === "ok" && transition === null && rule.query.groupBy.length > 0,
      });
    }
    return out;
  }

  /**
   * Writes every state, event and notification of the cycle, and each rule's health, in one
   * transaction; returns how many notifications it enqueued.
   */
  private async write(
    planned: readonly Planned[],
    health: { evaluated: readonly string[]; failures: ReadonlyMap<string, string> },
    silences: readonly SilenceWindow[],
    now: number,
  ): Promise<number> {
    let notified = 0;
    const at = new Date(now);
    await this.options.db.prisma.$transaction(
      async (tx) => {
        await tx.alertRule.updateMany({
          where: { id: { in: [...health.evaluated] } },
          data: { lastEvalAt: at, lastError: null },
        });
        for (const [id, error] of health.failures) {
          await tx.alertRule.updateMany({ where: { id }, data: { lastEvalAt: at, lastError: error } });
        }
        for (const p of planned) {
          if (p.drop) {
            if (p.instanceId !== undefined) await tx.alertInstance.delete({ where: { id: p.instanceId } });
            continue;
          }
          const columns = {
            labels: p.seriesLabels,
            state: p.next.state,
            value: p.next.value,
            activeAt: date(p.next.activeAt),
            firedAt: date(p.next.firedAt),
            resolvedAt: date(p.next.resolvedAt),
            lastEvalAt: at,
            recent: p.next.recent,
            ...(p.evidence === null ? {} : { evidence: p.evidence as unknown as Prisma.InputJsonValue }),
          };
          const instanceId =
            p.instanceId === undefined
              ? (await tx.alertInstance.create({ data: { ...columns, ruleId: p.rule.id, fingerprint: p.fingerprint } }))
                  .id
              : (await tx.alertInstance.update({ where: { id: p.instanceId }, data: columns })).id;
          if (p.transition === null) continue;
          const event = await tx.alertEvent.create({
            data: {
              ruleId: p.rule.id,
              instanceId,
              state: p.transition.to,
              fromState: p.transition.from,
              at,
              value: p.next.value,
              labels: p.labels,
              summary: p.summary,
              ...(p.evidence === null ? {} : { evidence: p.evidence as unknown as Prisma.InputJsonValue }),
            },
          });
          const to = p.transition.to;
          if ((to === "firing" || to === "resolved") && p.rule.channelIds.length > 0) {
            const { rule, next } = p;
            await this.options.outbox.enqueue(tx, {
              eventId: event.id,
              channelIds: rule.channelIds,
              silenced: isSilenced(silences, p.labels, now),
              input: {
                eventId: event.id,
                alertId: instanceId,
                state: to,
                at: now,
                rule: { id: rule.id, name: rule.name, severity: rule.severity, condition: rule.condition },
                labels: p.labels,
                summary: p.summary,
                value: next.value,
                unit: p.unit,
                startedAt: next.activeAt ?? next.firedAt,
                firedAt: next.firedAt,
                resolvedAt: next.resolvedAt,
                evidence: p.firingEvidence,
                links: alertLinks(rule, instanceId, { ...next, lastEvalAt: now }),
              },
            });
            notified++;
          }
        }
      },
      { timeout: 60_000, maxWait: 30_000 },
    );
    return notified;
  }
}

/** What a person can act on: the message, not the stack; store errors can be long. */
function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(lanes);
}
