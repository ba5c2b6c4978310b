// The alerts role: every interval, evaluates each enabled rule against the store (rules read in
// groups, cycle-values.ts), advances the state of each of its series (packages/alerts),
// captures the evidence of those that start firing (all at once, cycle-evidence.ts; best
// effort: a series fires without it, marked missing), and writes each rule's new states, events
// and notifications (outbox rows) in a transaction of its own (instance rows in bulk,
// instance-updates.ts): one failed or deleted rule never rolls back another, and no write lock
// is held across store reads. State lives in the database, so a restart continues where it
// stopped and sends nothing twice. Only the holder of the lease evaluates (evaluator-lease.ts);
// another evaluator on the same database skips its cycles.

import { randomUUID } from "node:crypto";
import {
  conditionInUnit,
  INITIAL_STATE,
  type InstanceState,
  isSilenced,
  type Outcome,
  type SilenceWindow,
  seriesFingerprint,
  statedUnit,
  step,
  type Transition,
  valueInStatedUnit,
} from "@tracelight/alerts";
import type { AlertEvidence, AlertState, AttributeMap } from "@tracelight/contracts";
import type { Database, AlertInstance as InstanceRow, Prisma } from "@tracelight/db";
import type { ClickHouseTransport } from "@tracelight/store";
import { log } from "../log.ts";
import type { EnqueueRequest } from "../notify/dispatcher.ts";
import { alertLinks } from "./alert-links.ts";
import { pruneAlertHistory } from "./alert-retention.ts";
import { captureCycleEvidence } from "./cycle-evidence.ts";
import { CycleValues } from "./cycle-values.ts";
import { EvaluatorLease, LeaseLost, PROCESS_HOLDER } from "./evaluator-lease.ts";
import { updateInstances } from "./instance-updates.ts";
import { MetricTypes, windowMs } from "./rule-values.ts";
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
  /** Store reads, and rules, in flight at once. */
  concurrency?: number;
  /** Who this evaluator is to the lease; default this process. */
  holder?: string;
  /** Alert events, deliveries and silences older than this are pruned; default 30. */
  retentionDays?: number;
  /** Pruned on the same hourly turn: the audit log keeps its own retention (packages/auth). */
  auditLog?: { prune(now: Date): Promise<number> };
}

const PRUNE_EVERY_MS = 3_600_000;

export interface CycleStats {
  rules: number;
  series: number;
  transitions: number;
  failedRules: number;
  ms: number;
  /** False: another evaluator holds the lease, and this one did nothing. */
  leader: boolean;
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
  /** Captured this cycle (the series started firing), else null. */
  evidence: AlertEvidence | null;
  /** What the instance carries from its last firing (for the resolved notification). */
  firingEvidence: AlertEvidence | null;
  summary: string;
  /** The unit thresholds are written in, and `shownValue` in it (for the notification). */
  unit: string;
  shownValue: number | null;
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
  private readonly lease: EvaluatorLease;
  private prunedAt = 0;
  private leading: boolean | undefined;

  constructor(private readonly options: EvaluatorOptions) {
    this.types = new MetricTypes(options.transport);
    // Long enough to outlive a slow cycle; a crashed leader is replaced after it.
    const ttlMs = Math.max(3 * options.intervalMs, 30_000);
    this.lease = new EvaluatorLease(options.db, options.holder ?? PROCESS_HOLDER, ttlMs);
  }

  /** Evaluates now, then every interval (a slow cycle delays the next; cycles never overlap). */
  start(): void {
    const loop = async () => {
      if (this.stopped) return;
      this.running = this.runCycle().catch((error: unknown) => {
        log.error("alert evaluation failed", { error });
        return this.lease.recordFailure(errorText(error)).catch(() => {});
      });
      await this.running;
      if (!this.stopped) this.timer = setTimeout(loop, this.options.intervalMs);
    };
    void loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    // Unreleased, the lease still lets another evaluator take over once it expires.
    await this.lease.release().catch((error: unknown) => log.warn("alert lease not released", { error }));
  }

  async runCycle(now = Date.now()): Promise<CycleStats> {
    const started = performance.now();
    const { prisma } = this.options.db;
    const leading = await this.lease.acquire();
    if (leading !== this.leading) {
      this.leading = leading;
      if (leading) log.info("alert evaluator leads", { holder: this.lease.holder });
      else log.info("alert evaluator stands by: another evaluator holds the lease", { holder: this.lease.holder });
    }
    if (!leading) {
      return { rules: 0, series: 0, transitions: 0, failedRules: 0, ms: performance.now() - started, leader: false };
    }
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
    const fail = (row: { id: string; name: string }, error: unknown) => {
      failures.set(row.id, errorText(error));
      log.warn("alert rule evaluation failed", { rule: row.id, name: row.name, error });
    };
    const rules: { row: (typeof rows)[number]; rule: StoredRule }[] = [];
    for (const row of rows) {
      try {
        rules.push({
          row,
          rule: readStoredRule(
            row,
            row.channels.map((c) => c.channelId),
          ),
        });
      } catch (error) {
        fail(row, error);
      }
    }

    // Every rule's values first (rules sharing a store read wait for one execution of it), then states.
    const concurrency = this.options.concurrency ?? 4;
    const values = new CycleValues(this.options.transport, this.types, now);
    await forEachLimited(rules, concurrency, ({ rule }) => values.prefetch(rule));
    const planned = new Map<string, Planned[]>();
    await forEachLimited(rules, concurrency, async ({ row, rule }) => {
      try {
        planned.set(rule.id, await this.evaluateRule(rule, row.instances, values, now));
      } catch (error) {
        fail(row, error);
      }
    });
    await this.captureEvidence([...planned.values()].flat(), now);

    // Each rule in its own transaction, one at a time (SQLite has one writer).
    let notified = 0;
    let lostLease = false;
    const written: Planned[] = [];
    for (const { row, rule } of rules) {
      const own = planned.get(rule.id);
      if (own === undefined) continue;
      try {
        notified += await this.write(rule.id, own, silences, now);
        // A loop, not push(...own): a rule over >125 k series overflows a spread.
        for (const p of own) written.push(p);
      } catch (error) {
        // Another evaluator took over: it evaluates the rest of this cycle's rules again.
        if (error instanceof LeaseLost) {
          lostLease = true;
          break;
        }
        fail(row, error);
      }
    }
    if (notified > 0) this.options.outbox.wake();
    const ms = performance.now() - started;
    if (lostLease) {
      log.warn("alert evaluator lost its lease mid-cycle", { holder: this.lease.holder });
      this.leading = false;
    } else {
      for (const [id, error] of failures) {
        await prisma.alertRule
          .updateMany({ where: { id }, data: { lastEvalAt: new Date(now), lastError: error } })
          .catch((e: unknown) => log.warn("alert rule health not written", { rule: id, error: e }));
      }
      await this.lease.recordCycle(ms);
      await this.pruneIfDue();
    }
    return {
      rules: rows.length,
      series: written.length,
      transitions: written.filter((p) => p.transition !== null).length,
      failedRules: failures.size,
      ms,
      leader: !lostLease,
    };
  }

  /** Prunes the alert history and the audit log at most hourly; a failure waits for the next hour. */
  private async pruneIfDue(): Promise<void> {
    const now = Date.now();
    if (now - this.prunedAt < PRUNE_EVERY_MS) return;
    this.prunedAt = now;
    const before = new Date(now - (this.options.retentionDays ?? 30) * 86_400_000);
    try {
      const pruned = await pruneAlertHistory(this.options.db.prisma, before);
      const auditEntries = (await this.options.auditLog?.prune(new Date(now))) ?? 0;
      if (pruned.events + pruned.deliveries + pruned.silences + auditEntries > 0)
        log.info("alert history and audit log pruned", { before, ...pruned, auditEntries });
    } catch (error) {
      log.warn("alert history not pruned", { error });
    }
  }

  private async evaluateRule(
    rule: StoredRule,
    instances: readonly InstanceRow[],
    cycle: CycleValues,
    now: number,
  ): Promise<Planned[]> {
    const { values, unit } = await cycle.of(rule);
    // Values stay in the metric's answer unit; the thresholds come to them.
    const condition = conditionInUnit(rule.condition, unit);
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
      const { next, transition } = step(row ? toState(row) : INITIAL_STATE, condition, now, value);
      const { labels, summary } = describeAlert(rule, seriesLabels, value, unit);
      out.push({
        rule,
        instanceId: row?.id,
        fingerprint,
        seriesLabels,
        labels,
        next,
        transition,
        evidence: null,
        firingEvidence: (row?.evidence ?? null) as AlertEvidence | null,
        summary,
        unit: statedUnit(rule.condition, unit),
        shownValue: next.value === null ? null : valueInStatedUnit(rule.condition, unit, next.value),
        drop: value === null && next.state === "ok" && transition === null && rule.query.groupBy.length > 0,
      });
    }
    return out;
  }

  /** Evidence for each series that starts firing; one that cannot be read is marked missing. */
  private async captureEvidence(planned: readonly Planned[], now: number): Promise<void> {
    const firing = planned.filter((p) => p.transition?.to === "firing");
    const requests = firing.map((p) => ({
      rule: p.rule,
      labels: p.seriesLabels,
      window: { from: (p.next.activeAt ?? now) - windowMs(p.rule), to: now },
    }));
    const results = await captureCycleEvidence(this.options.transport, this.types, requests, now).catch(
      (error: unknown) =>
        requests.map((): PromiseSettledResult<AlertEvidence> => ({ status: "rejected", reason: error })),
    );
    firing.forEach((p, i) => {
      const result = results[i]!;
      if (result.status === "rejected") {
        log.warn("alert evidence not captured", { rule: p.rule.id, error: result.reason });
      }
      const evidence: AlertEvidence =
        result.status === "fulfilled"
          ? result.value
          : { capturedAt: now, window: requests[i]!.window, traces: [], logs: [], missing: errorText(result.reason) };
      p.evidence = evidence;
      p.firingEvidence = evidence;
    });
  }

  /**
   * Writes one rule's states, events and notifications, and its health, in one transaction;
   * returns how many notifications it enqueued. Rows are written in bulk (new instances and
   * events get their IDs here, so they can be referenced before they exist). A rule deleted
   * since it was read fails here (its rows have nothing to refer to) and takes nothing with it.
   */
  private async write(
    ruleId: string,
    planned: readonly Planned[],
    silences: readonly SilenceWindow[],
    now: number,
  ): Promise<number> {
    const { prisma, provider } = this.options.db;
    const at = new Date(now);
    const dropped = planned.flatMap((p) => (p.drop && p.instanceId !== undefined ? [p.instanceId] : []));
    const kept = planned.filter((p) => !p.drop).map((p) => ({ p, instanceId: p.instanceId ?? randomUUID() }));
    const columns = (p: Planned) => ({
      labels: p.seriesLabels,
      state: p.next.state,
      value: p.next.value,
      activeAt: date(p.next.activeAt),
      firedAt: date(p.next.firedAt),
      resolvedAt: date(p.next.resolvedAt),
      lastEvalAt: at,
      recent: p.next.recent,
    });
    const evidence = (p: Planned) =>
      p.evidence === null ? {} : { evidence: p.evidence as unknown as Prisma.InputJsonValue };
    const events = kept.flatMap(({ p, instanceId }) =>
      p.transition === null ? [] : [{ p, transition: p.transition, instanceId, eventId: randomUUID() }],
    );
    const notifications = events.flatMap((e) => {
      const to = e.transition.to;
      return (to === "firing" || to === "resolved") && e.p.rule.channelIds.length > 0 ? [{ ...e, to }] : [];
    });
    await prisma.$transaction(
      async (tx) => {
        await this.lease.fence(tx);
        const { count } = await tx.alertRule.updateMany({
          where: { id: ruleId },
          data: { lastEvalAt: at, lastError: null },
        });
        if (count === 0) throw new Error("the rule was deleted during the cycle");
        if (dropped.length > 0) await tx.alertInstance.deleteMany({ where: { id: { in: dropped } } });
        await tx.alertInstance.createMany({
          data: kept
            .filter(({ p }) => p.instanceId === undefined)
            .map(({ p, instanceId }) => ({
              id: instanceId,
              ruleId: p.rule.id,
              fingerprint: p.fingerprint,
              ...columns(p),
              ...evidence(p),
            })),
        });
        await updateInstances(
          tx,
          provider,
          kept
            .filter(({ p }) => p.instanceId !== undefined)
            .map(({ p, instanceId }) => ({ id: instanceId, ...columns(p), evidence: p.evidence })),
        );
        await tx.alertEvent.createMany({
          data: events.map(({ p, transition, instanceId, eventId }) => ({
            id: eventId,
            ruleId: p.rule.id,
            instanceId,
            state: transition.to,
            fromState: transition.from,
            at,
            value: p.next.value,
            labels: p.labels,
            summary: p.summary,
            ...evidence(p),
          })),
        });
        for (const { p, to, instanceId, eventId } of notifications) {
          const { rule, next } = p;
          await this.options.outbox.enqueue(tx, {
            eventId,
            channelIds: rule.channelIds,
            silenced: isSilenced(silences, p.labels, now),
            input: {
              eventId,
              alertId: instanceId,
              state: to,
              at: now,
              rule: { id: rule.id, name: rule.name, severity: rule.severity, condition: rule.condition },
              labels: p.labels,
              summary: p.summary,
              value: p.shownValue,
              unit: p.unit,
              startedAt: next.activeAt ?? next.firedAt,
              firedAt: next.firedAt,
              resolvedAt: next.resolvedAt,
              evidence: p.firingEvidence,
              links: alertLinks(rule, instanceId, { ...next, lastEvalAt: now }),
            },
          });
        }
      },
      { timeout: 30_000, maxWait: 30_000 },
    );
    return notifications.length;
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
