// Sends notifications from the Delivery table (an outbox written in the same transaction as
// the alert event): claims due rows with a lease, POSTs them, retries with backoff, logs the result.
import { randomUUID } from "node:crypto";
import { backoffDelayMs, parseRetryAfter } from "@tracelight/backoff";
import type { ChannelType, Delivery as DeliveryDto } from "@tracelight/contracts";
import type { Delivery, Prisma, PrismaClient } from "@tracelight/db";
import { EgressPolicy } from "../egress/egress-policy.ts";
import { log } from "../log.ts";
import { buildNotificationBody, buildTestBody, type NotificationInput } from "./payload.ts";
import { postJson } from "./post-json.ts";

/** The Prisma client or an interactive transaction's client. */
export type DbClient = Pick<PrismaClient, "channel" | "delivery">;

export interface BackoffOptions {
  /** Delay after the first failed attempt; doubles with each further one. */
  baseMs: number;
  maxMs: number;
  /** Fraction of the delay taken off at random (0 = none, 0.2 = up to 20 % earlier). */
  jitter: number;
}

export interface DispatcherOptions {
  prisma: PrismaClient;
  /** Base of the links in notifications (TRACELIGHT_PUBLIC_URL). */
  publicUrl: string;
  /** Which URLs may be called; default: the policy without allow or deny lists. */
  egress?: EgressPolicy;
  /** Per request; default 5000. */
  timeoutMs?: number;
  /** Attempts before a delivery is "failed"; default 8. Test-sends get one. */
  maxAttempts?: number;
  /** Default 1 s doubling to 5 min, 20 % jitter. */
  backoff?: Partial<BackoffOptions>;
  /** A 429's Retry-After is honoured up to this; default 1 h. */
  maxRetryAfterMs?: number;
  /** How often the loop looks for due rows; default 1000. */
  pollMs?: number;
  /**
   * How long a claimed row belongs to this dispatcher. A process that dies mid-send leaves the
   * row pending; another (or the restarted) dispatcher sends it again once the lease ends.
   * Must exceed timeoutMs; default timeoutMs + 25 s.
   */
  leaseMs?: number;
  /** Rows claimed per pass; default 50. */
  batchSize?: number;
  /** Requests in flight at once; default 4. */
  concurrency?: number;
  /** Injectable clock and randomness (tests). */
  now?: () => number;
  random?: () => number;
}

export interface EnqueueRequest {
  /** The AlertEvent the deliveries belong to (created in the same transaction). */
  eventId: string;
  channelIds: readonly string[];
  input: NotificationInput;
  /** Record the deliveries as "silenced" (the log shows them; nothing is sent). */
  silenced?: boolean;
}

type DeliveryWithChannel = Delivery & { channel: { name: string; type: string; url: string } };

const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 5 * 60_000, jitter: 0.2 };

/** Deliveries created before `before` that will not be sent again: the retention may remove them. */
export const finishedDeliveries = (before: Date): Prisma.DeliveryWhereInput => ({
  createdAt: { lt: before },
  status: { not: "pending" },
});

export class DeliveryDispatcher {
  readonly #prisma: PrismaClient;
  readonly #publicUrl: string;
  readonly egress: EgressPolicy;
  readonly #timeoutMs: number;
  readonly #maxAttempts: number;
  readonly #backoff: BackoffOptions;
  readonly #maxRetryAfterMs: number;
  readonly #pollMs: number;
  readonly #leaseMs: number;
  readonly #batchSize: number;
  readonly #concurrency: number;
  readonly #now: () => number;
  readonly #random: () => number;

  #running = false;
  /** Set by stop(): passes finish their sends but claim nothing more. */
  #stopping = false;
  #loop: Promise<void> | undefined;
  #woken = false;
  #wakeSleep: (() => void) | undefined;
  /** Rows this process is sending: a pass never picks them up again while their lease lasts. */
  readonly #inFlight = new Set<string>();
  readonly #sends = new Set<Promise<unknown>>();

  constructor(options: DispatcherOptions) {
    this.#prisma = options.prisma;
    this.#publicUrl = options.publicUrl;
    this.egress = options.egress ?? new EgressPolicy();
    this.#timeoutMs = options.timeoutMs ?? 5000;
    this.#maxAttempts = Math.max(1, options.maxAttempts ?? 8);
    this.#backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.#maxRetryAfterMs = options.maxRetryAfterMs ?? 3_600_000;
    this.#pollMs = options.pollMs ?? 1000;
    this.#leaseMs = options.leaseMs ?? this.#timeoutMs + 25_000;
    this.#batchSize = options.batchSize ?? 50;
    this.#concurrency = Math.max(1, options.concurrency ?? 4);
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
    if (this.#leaseMs <= this.#timeoutMs) throw new Error("leaseMs must exceed timeoutMs");
  }

  /**
   * Writes one Delivery per existing channel, its body built now for the channel's type. Call it
   * with the transaction that creates the event, then wake() after the commit. Unknown channel
   * ids are skipped (a channel deleted since the rule was read).
   */
  async enqueue(db: DbClient, request: EnqueueRequest): Promise<Delivery[]> {
    if (request.channelIds.length === 0) return [];
    const channels = await db.channel.findMany({ where: { id: { in: [...new Set(request.channelIds)] } } });
    const now = new Date(this.#now());
    const rows: Delivery[] = [];
    for (const channel of channels) {
      // Our own id, so the body can carry it as the idempotency key.
      const id = randomUUID();
      const body = buildNotificationBody(channel.type as ChannelType, request.input, {
        publicUrl: this.#publicUrl,
        idempotencyKey: id,
      });
      rows.push(
        await db.delivery.create({
          data: {
            id,
            eventId: request.eventId,
            channelId: channel.id,
            status: request.silenced ? "silenced" : "pending",
            payload: body as unknown as Prisma.InputJsonValue,
            nextAttemptAt: now,
            createdAt: now,
          },
        }),
      );
    }
    return rows;
  }

  /**
   * A channel's test-send: a test Delivery sent at once, one attempt, no retries. Returns the row
   * after the attempt ("sent" or "failed" with lastError), or null for an unknown channel.
   */
  async sendTest(channelId: string): Promise<DeliveryDto | null> {
    const channel = await this.#prisma.channel.findUnique({ where: { id: channelId } });
    if (channel === null) return null;
    const id = randomUUID();
    const now = this.#now();
    const body = buildTestBody(channel.type as ChannelType, channel, now, {
      publicUrl: this.#publicUrl,
      idempotencyKey: id,
    });
    // Created already leased, so a running loop does not send it a second time.
    const row = await this.#prisma.delivery.create({
      data: {
        id,
        channelId: channel.id,
        status: "pending",
        test: true,
        payload: body as unknown as Prisma.InputJsonValue,
        nextAttemptAt: new Date(now + this.#leaseMs),
        createdAt: new Date(now),
      },
      include: { channel: { select: { name: true, type: true, url: true } } },
    });
    this.#inFlight.add(id);
    try {
      await this.#attempt(row);
    } finally {
      this.#inFlight.delete(id);
    }
    const after = await this.#prisma.delivery.findUniqueOrThrow({
      where: { id },
      include: { channel: { select: { name: true } } },
    });
    return toDeliveryDto(after);
  }

  /**
   * One pass: claims the due pending rows (up to batchSize) and sends them. Returns how many it
   * claimed. The loop calls it; tests call it directly with their own clock.
   */
  async runOnce(): Promise<number> {
    const due = await this.#prisma.delivery.findMany({
      where: { status: "pending", nextAttemptAt: { lte: new Date(this.#now()) } },
      orderBy: { nextAttemptAt: "asc" },
      take: this.#batchSize,
      include: { channel: { select: { name: true, type: true, url: true } } },
    });
    let next = 0;
    let claimed = 0;
    // Each row is claimed just before its send, so a lease never runs out while the row waits
    // behind slow receivers in this pass.
    const worker = async () => {
      while (next < due.length && !this.#stopping) {
        const row = due[next++] as DeliveryWithChannel;
        if (this.#inFlight.has(row.id)) continue;
        this.#inFlight.add(row.id);
        try {
          if (!(await this.#claim(row))) continue;
          claimed++;
          await this.#attempt(row);
        } catch (error) {
          // A claimed row stays leased and pending: it is tried again when the lease ends.
          log.error("delivery bookkeeping failed", { delivery: row.id, error });
        } finally {
          this.#inFlight.delete(row.id);
        }
      }
    };
    const pass = Promise.all(Array.from({ length: Math.min(this.#concurrency, due.length) }, worker));
    this.#sends.add(pass);
    try {
      await pass;
    } finally {
      this.#sends.delete(pass);
    }
    return claimed;
  }

  /** Moving nextAttemptAt forward from the value we read succeeds for one dispatcher only. */
  async #claim(row: Delivery): Promise<boolean> {
    const { count } = await this.#prisma.delivery.updateMany({
      where: { id: row.id, status: "pending", nextAttemptAt: row.nextAttemptAt },
      data: { nextAttemptAt: new Date(this.#now() + this.#leaseMs) },
    });
    return count === 1;
  }

  /** Polls every pollMs until stop(); wake() starts a pass at once. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#stopping = false;
    this.#loop = this.#run();
  }

  /** Something was enqueued: look now instead of at the next poll. */
  wake(): void {
    this.#woken = true;
    this.#wakeSleep?.();
  }

  /** Stops polling and waits for the sends in flight (their results are recorded); start() resumes. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#stopping = true;
    this.#wakeSleep?.();
    await this.#loop;
    this.#loop = undefined;
    await Promise.allSettled([...this.#sends]);
  }

  async #run(): Promise<void> {
    while (this.#running) {
      this.#woken = false;
      let claimed = 0;
      try {
        claimed = await this.runOnce();
      } catch (error) {
        log.error("delivery pass failed", { error });
      }
      if (!this.#running) break;
      // A full batch means more may be due: go again without sleeping.
      if (claimed >= this.#batchSize || this.#woken) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, this.#pollMs);
        const wake = () => done();
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.#wakeSleep = wake;
      });
      this.#wakeSleep = undefined;
    }
  }

  async #attempt(row: DeliveryWithChannel): Promise<void> {
    const outcome = await postJson(this.egress, row.channel.url, row.payload, this.#timeoutMs);
    const now = this.#now();
    const attempts = row.attempts + 1;
    // Only the holder of a pending row writes its result; a row deleted meanwhile is left alone.
    const where = { id: row.id, status: "pending" };
    if (outcome.ok) {
      await this.#prisma.delivery.updateMany({
        where,
        data: { status: "sent", attempts, sentAt: new Date(now), responseStatus: outcome.status, lastError: null },
      });
      return;
    }
    const maxAttempts = row.test ? 1 : this.#maxAttempts;
    const giveUp = !outcome.retryable || attempts >= maxAttempts;
    // A 429 says when to come back; the backoff applies otherwise.
    const delay = parseRetryAfter(outcome.retryAfter, now, this.#maxRetryAfterMs) ?? this.backoffMs(attempts);
    await this.#prisma.delivery.updateMany({
      where,
      data: {
        status: giveUp ? "failed" : "pending",
        attempts,
        lastError: outcome.error,
        responseStatus: outcome.status,
        ...(giveUp ? {} : { nextAttemptAt: new Date(now + delay) }),
      },
    });
    log.warn(giveUp ? "delivery failed" : "delivery will be retried", {
      delivery: row.id,
      channel: row.channel.name,
      attempts,
      error: outcome.error,
      retryInMs: giveUp ? undefined : delay,
    });
  }

  /** The wait after the `attempts`-th failed attempt. */
  backoffMs(attempts: number): number {
    const { baseMs, maxMs, jitter } = this.#backoff;
    return backoffDelayMs(attempts - 1, { initialDelayMs: baseMs, maxDelayMs: maxMs, jitter }, this.#random);
  }
}

/** A row as the API shows it in the delivery log. */
export function toDeliveryDto(row: Delivery & { channel: { name: string } }): DeliveryDto {
  return {
    id: row.id,
    eventId: row.eventId,
    channelId: row.channelId,
    channelName: row.channel.name,
    status: row.status as DeliveryDto["status"],
    test: row.test,
    attempts: row.attempts,
    lastError: row.lastError,
    responseStatus: row.responseStatus,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
    nextAttemptAt: row.nextAttemptAt.toISOString(),
  };
}

/** The delivery log, newest first: of one channel, or of all. */
export async function listDeliveries(
  prisma: PrismaClient,
  options: { channelId?: string; limit?: number } = {},
): Promise<DeliveryDto[]> {
  const rows = await prisma.delivery.findMany({
    where: options.channelId === undefined ? {} : { channelId: options.channelId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(options.limit ?? 100, 1), 1000),
    include: { channel: { select: { name: true } } },
  });
  return rows.map(toDeliveryDto);
}
