// The alerting part of the query API: channels, rules (with a preview replay), alerts with
// their history and evidence, silences and the delivery log. Everything the UI does here is
// an API call, so rules and channels can be kept as code.
import { conditionInUnit, matcherRegexProblem, replayFiring, ThresholdUnitError } from "@tracelight/alerts";
import {
  type AlertDetailResponse,
  AlertPreviewBodySchema,
  type AlertPreviewResponse,
  AlertRuleBodySchema,
  type AlertRuleInput,
  type AlertRulesResponse,
  AlertsQuerySchema,
  type AlertsResponse,
  ChannelInputSchema,
  type ChannelsResponse,
  type DeliveriesResponse,
  roleRequirement,
  SilenceInputSchema,
  type SilencesResponse,
} from "@tracelight/contracts";
import type { Database } from "@tracelight/db";
import type { ClickHouseTransport } from "@tracelight/store";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { EgressRefusedError } from "../egress/egress-policy.ts";
import { maskChannelUrl } from "../notify/channel-url.ts";
import { type DeliveryDispatcher, listDeliveries } from "../notify/dispatcher.ts";
import { HttpError } from "../query/errors.ts";
import { MetricTypes, rangeValues } from "./rule-values.ts";
import { describeAlert, isUniqueViolation, readStoredRule, ruleColumns, type StoredRule } from "./stored-rule.ts";
import { alertView, channelView, eventView, ruleView, silenceView, silenceWindow } from "./views.ts";

export interface AlertRouteDeps {
  db: Database;
  transport: ClickHouseTransport;
  /** Sends test notifications (and wakes on new deliveries). */
  dispatcher: DeliveryDispatcher;
  /** The evaluator's interval (for the status route's lag). */
  evalIntervalMs: number;
}

/** Every issue as "field.path: message", so a form can show each next to its field. */
function parse<S extends z.ZodType>(schema: S, input: unknown, where: string, more: string[] = []): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success && more.length === 0) return result.data;
  const issues = result.success ? [] : result.error.issues;
  const problems = issues.map((i) => `${i.path.length > 0 ? i.path.join(".") : where}: ${i.message}`);
  throw new HttpError(400, "bad_request", [...new Set([...problems, ...more])].join("; "));
}

/** Regex matchers RE2 cannot take, named like the schema's problems so one answer lists them all. */
function matcherRegexProblems(body: unknown): string[] {
  const matchers = (body as { matchers?: unknown } | null)?.matchers;
  if (!Array.isArray(matchers)) return [];
  return matchers.flatMap((m: { op?: unknown; value?: unknown } | null, i) => {
    if ((m?.op !== "=~" && m?.op !== "!~") || typeof m.value !== "string") return [];
    const problem = matcherRegexProblem(m.value);
    return problem === undefined ? [] : [`matchers.${i}.value: ${problem}`];
  });
}

const RevealQuery = z.object({
  reveal: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
});
const IdParams = z.object({ id: z.string().min(1).max(100) });
const DeliveriesQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });

function notFound(what: string, id: string): never {
  throw new HttpError(404, "not_found", `${what} ${id} not found`);
}

export function registerAlertRoutes(api: FastifyInstance, deps: AlertRouteDeps): void {
  const { prisma } = deps.db;
  const types = new MetricTypes(deps.transport, 60_000);

  /** A threshold unit that does not convert into the values' unit is the request's fault. */
  function badUnit<T>(convert: () => T): T {
    try {
      return convert();
    } catch (error) {
      if (error instanceof ThresholdUnitError) throw new HttpError(400, "bad_request", error.message);
      throw error;
    }
  }

  /** The threshold's unit must convert into the metric's answer unit, when the metric is known. */
  async function checkThresholdUnit(input: AlertRuleInput): Promise<void> {
    if (input.kind !== "metric" || input.condition.unit === undefined) return;
    const { units } = await types.get(input.query.metric, Date.now());
    badUnit(() => conditionInUnit(input.condition, units.unit));
  }

  async function checkChannels(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const found = await prisma.channel.findMany({ where: { id: { in: [...ids] } }, select: { id: true } });
    const missing = ids.filter((id) => !found.some((c) => c.id === id));
    if (missing.length > 0) throw new HttpError(400, "bad_request", `channelIds: no channel ${missing.join(", ")}`);
  }

  /** A URL the egress policy refuses now (its address, or what its name resolves to) is refused here too. */
  async function checkChannelUrl(url: string): Promise<void> {
    try {
      await deps.dispatcher.egress.check(url);
    } catch (error) {
      if (error instanceof EgressRefusedError) throw new HttpError(400, "bad_request", `url: ${error.message}`);
      throw error;
    }
  }

  async function loadRule(id: string): Promise<{ rule: StoredRule; states: string[] }> {
    const row = await prisma.alertRule.findUnique({
      where: { id },
      include: { channels: true, instances: { select: { state: true } } },
    });
    if (row === null) notFound("alert rule", id);
    const rule = readStoredRule(
      row,
      row.channels.map((c) => c.channelId),
    );
    return { rule, states: row.instances.map((i) => i.state) };
  }

  // Channels

  api.get("/channels", async (): Promise<ChannelsResponse> => {
    const rows = await prisma.channel.findMany({ orderBy: { name: "asc" } });
    return { channels: rows.map((row) => channelView(row)) };
  });

  api.post("/channels", async (request, reply) => {
    const input = parse(ChannelInputSchema, request.body, "body");
    await checkChannelUrl(input.url);
    try {
      reply.code(201);
      return channelView(await prisma.channel.create({ data: input }));
    } catch (error) {
      if (isUniqueViolation(error))
        throw new HttpError(409, "conflict", `name: a channel named "${input.name}" exists`);
      throw error;
    }
  });

  api.get("/channels/:id", async (request) => {
    const { id } = parse(IdParams, request.params, "id");
    const { reveal } = parse(RevealQuery, request.query, "query");
    if (reveal && request.principal?.role !== "admin") {
      throw new HttpError(403, "forbidden", `reveal: ${roleRequirement("admin")} to see a channel's URL in full`);
    }
    return channelView((await prisma.channel.findUnique({ where: { id } })) ?? notFound("channel", id), reveal);
  });

  api.put("/channels/:id", async (request) => {
    const { id } = parse(IdParams, request.params, "id");
    const input = parse(ChannelInputSchema, request.body, "body");
    const stored = (await prisma.channel.findUnique({ where: { id } })) ?? notFound("channel", id);
    // The form puts back the masked URL it was shown: that means "unchanged".
    const url = input.url === maskChannelUrl(stored.url) ? stored.url : input.url;
    await checkChannelUrl(url);
    try {
      return channelView(await prisma.channel.update({ where: { id }, data: { ...input, url } }));
    } catch (error) {
      if (isUniqueViolation(error))
        throw new HttpError(409, "conflict", `name: a channel named "${input.name}" exists`);
      throw error;
    }
  });

  api.delete("/channels/:id", async (request, reply) => {
    const { id } = parse(IdParams, request.params, "id");
    // The audit entry names what was deleted (src/auth/guard.ts).
    request.auditTargetName = (await prisma.channel.findUnique({ where: { id } }))?.name;
    const { count } = await prisma.channel.deleteMany({ where: { id } });
    if (count === 0) notFound("channel", id);
    reply.code(204);
  });

  api.post("/channels/:id/test", async (request, reply) => {
    const { id } = parse(IdParams, request.params, "id");
    const delivery = await deps.dispatcher.sendTest(id);
    if (delivery === null) notFound("channel", id);
    reply.code(202);
    return { delivery };
  });

  api.get("/channels/:id/deliveries", async (request): Promise<DeliveriesResponse> => {
    const { id } = parse(IdParams, request.params, "id");
    const { limit } = parse(DeliveriesQuery, request.query, "query");
    if ((await prisma.channel.findUnique({ where: { id } })) === null) notFound("channel", id);
    return { deliveries: await listDeliveries(prisma, { channelId: id, limit }) };
  });

  api.get("/deliveries", async (request): Promise<DeliveriesResponse> => {
    const { limit } = parse(DeliveriesQuery, request.query, "query");
    return { deliveries: await listDeliveries(prisma, { limit }) };
  });

  // Rules

  api.get("/alert-rules", async (): Promise<AlertRulesResponse> => {
    const rows = await prisma.alertRule.findMany({
      orderBy: { name: "asc" },
      include: { channels: true, instances: { select: { state: true } } },
    });
    return {
      rules: rows.map((row) =>
        ruleView(
          readStoredRule(
            row,
            row.channels.map((c) => c.channelId),
          ),
          row.instances.map((i) => i.state),
        ),
      ),
    };
  });

  api.post("/alert-rules", async (request, reply) => {
    const input = parse(AlertRuleBodySchema, request.body, "body");
    await checkThresholdUnit(input);
    await checkChannels(input.channelIds);
    const row = await prisma.alertRule.create({
      data: {
        ...ruleColumns(input),
        channels: { create: input.channelIds.map((channelId) => ({ channelId })) },
      },
    });
    reply.code(201);
    return ruleView(await loadRule(row.id).then((r) => r.rule), []);
  });

  api.post("/alert-rules/preview", async (request): Promise<AlertPreviewResponse> => {
    const { rule: input, range } = parse(AlertPreviewBodySchema, request.body, "body");
    const rule: StoredRule = {
      ...input,
      id: "preview",
      createdAt: new Date(),
      updatedAt: new Date(),
      lastEvalAt: null,
      lastError: null,
    };
    const { series, unit, stepMs, warnings, truncated } = await rangeValues(deps.transport, types, rule, range);
    const condition = badUnit(() => conditionInUnit(rule.condition, unit));
    return {
      stepMs,
      unit,
      warnings,
      series: series.map((s) => ({ ...s, firing: replayFiring(s.points, condition, stepMs) })),
      truncated,
    };
  });

  api.get("/alert-rules/:id", async (request) => {
    const { id } = parse(IdParams, request.params, "id");
    const { rule, states } = await loadRule(id);
    return ruleView(rule, states);
  });

  api.put("/alert-rules/:id", async (request) => {
    const { id } = parse(IdParams, request.params, "id");
    const input: AlertRuleInput = parse(AlertRuleBodySchema, request.body, "body");
    const { rule: stored } = await loadRule(id);
    const sameMetric =
      input.kind === "metric" && stored.kind === "metric" && input.query.metric === stored.query.metric;
    if (stored.builtinKey && !sameMetric) {
      // Its threshold, window, filters and channels are the user's; what it watches is not.
      throw new HttpError(400, "bad_request", "query.metric: a built-in rule keeps its kind and metric");
    }
    await checkThresholdUnit(input);
    await checkChannels(input.channelIds);
    await prisma.$transaction([
      prisma.ruleChannel.deleteMany({ where: { ruleId: id } }),
      prisma.alertRule.update({
        where: { id },
        data: {
          ...ruleColumns(input),
          channels: { create: input.channelIds.map((channelId) => ({ channelId })) },
        },
      }),
    ]);
    const { rule, states } = await loadRule(id);
    return ruleView(rule, states);
  });

  api.delete("/alert-rules/:id", async (request, reply) => {
    const { id } = parse(IdParams, request.params, "id");
    const row = await prisma.alertRule.findUnique({ where: { id } });
    request.auditTargetName = row?.name;
    if (row?.builtinKey) {
      throw new HttpError(409, "conflict", `${row.name} is built in and cannot be deleted: disable it instead`);
    }
    const { count } = await prisma.alertRule.deleteMany({ where: { id } });
    if (count === 0) notFound("alert rule", id);
    reply.code(204);
  });

  // Alerts

  /** The unit alert values are in: the metric's (looked up, cached), none for log counts. */
  async function unitOf(rule: StoredRule, now: number): Promise<string> {
    if (rule.kind === "logs") return "";
    return (await types.get(rule.query.metric, now)).units.unit;
  }

  async function activeSilences(now: number) {
    const rows = await prisma.silence.findMany({ where: { endsAt: { gt: new Date(now) } } });
    return rows.map(silenceWindow);
  }

  api.get("/alerts", async (request): Promise<AlertsResponse> => {
    const query = parse(AlertsQuerySchema, request.query, "query");
    const now = Date.now();
    const [rows, silences] = await Promise.all([
      prisma.alertInstance.findMany({
        where: {
          // A disabled rule is not evaluated: its last states would be stale.
          rule: { enabled: true },
          ...(query.state === undefined ? { state: { not: "ok" } } : { state: query.state }),
          ...(query.ruleId === undefined ? {} : { ruleId: query.ruleId }),
        },
        include: { rule: { include: { channels: true } } },
        orderBy: { lastEvalAt: "desc" },
        take: 1000,
      }),
      activeSilences(now),
    ]);
    const alerts = [];
    for (const row of rows) {
      const rule = readStoredRule(
        row.rule,
        row.rule.channels.map((c) => c.channelId),
      );
      const unit = await unitOf(rule, now);
      const { labels, summary } = describeAlert(rule, row.labels as Record<string, string>, row.value, unit);
      alerts.push(alertView(row, rule, labels, summary, unit, silences, now));
    }
    return { alerts };
  });

  api.get("/alerts/:id", async (request): Promise<AlertDetailResponse> => {
    const { id } = parse(IdParams, request.params, "id");
    const now = Date.now();
    const row = await prisma.alertInstance.findUnique({
      where: { id },
      include: {
        rule: { include: { channels: true, instances: { select: { state: true } } } },
        events: {
          orderBy: { at: "desc" },
          take: 100,
          include: { deliveries: { include: { channel: { select: { name: true } } }, orderBy: { createdAt: "asc" } } },
        },
      },
    });
    if (row === null) notFound("alert", id);
    const rule = readStoredRule(
      row.rule,
      row.rule.channels.map((c) => c.channelId),
    );
    const unit = await unitOf(rule, now);
    const { labels, summary } = describeAlert(rule, row.labels as Record<string, string>, row.value, unit);
    return {
      alert: alertView(row, rule, labels, summary, unit, await activeSilences(now), now),
      rule: ruleView(
        rule,
        row.rule.instances.map((i) => i.state),
      ),
      events: row.events.map(eventView),
    };
  });

  // Silences

  api.get("/silences", async (): Promise<SilencesResponse> => {
    const now = Date.now();
    const rows = await prisma.silence.findMany({ orderBy: { endsAt: "desc" }, take: 500 });
    return { silences: rows.map((r) => silenceView(r, now)) };
  });

  api.post("/silences", async (request, reply) => {
    const input = parse(SilenceInputSchema, request.body, "body", matcherRegexProblems(request.body));
    const row = await prisma.silence.create({
      data: {
        matchers: input.matchers,
        startsAt: new Date(input.startsAt),
        endsAt: new Date(input.endsAt),
        comment: input.comment,
        createdBy: input.createdBy,
      },
    });
    reply.code(201);
    request.auditTargetName = row.comment;
    return silenceView(row, Date.now());
  });

  api.delete("/silences/:id", async (request) => {
    const { id } = parse(IdParams, request.params, "id");
    const row = (await prisma.silence.findUnique({ where: { id } })) ?? notFound("silence", id);
    request.auditTargetName = row.comment;
    const now = Date.now();
    // Expiring keeps the record (who silenced what, and when) instead of deleting it.
    const endsAt = new Date(Math.min(row.endsAt.getTime(), now));
    const startsAt = new Date(Math.min(row.startsAt.getTime(), endsAt.getTime()));
    return silenceView(await prisma.silence.update({ where: { id }, data: { endsAt, startsAt } }), now);
  });
}
