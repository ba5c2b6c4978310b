// `checkout`: POST /checkout checks stock (inventory), reads the customer's recent orders
// (ordersdb), scores fraud, charges the card (payments) and writes the order (ordersdb). During
// the incident ~30 % of checkouts take a CPU-bound slow path in fraud scoring (300–900 ms of
// real hashing that blocks this process), and failed charges make the checkout answer 500.
import { createHash } from "node:crypto";
import { context, type Span, trace } from "@opentelemetry/api";
import { z } from "zod";
import { callService, errorMessage } from "../http/client.ts";
import { HttpError } from "../http/server.ts";
import { emitLog } from "../telemetry/logs.ts";
import { OrdersDb } from "./orders-db.ts";
import { peerUrl, type ServiceContext, type ServiceDefinition } from "./service.ts";

export const SLOW_PATH_RATE = 0.3;
export const SLOW_PATH_ATTRIBUTE = "checkout.slow_path";

const CheckoutSchema = z.object({
  sku: z.string().min(1),
  qty: z.number().int().positive(),
  customerId: z.string().min(1),
});

export class PaymentFailed extends HttpError {
  constructor(message: string) {
    super(500, message, "PaymentFailed");
  }
}

/** Real CPU work: chained SHA-256 until `targetMs` have passed; returns the rounds done. */
export function burnCpu(seed: string, targetMs: number): number {
  const end = performance.now() + targetMs;
  let digest: Buffer = Buffer.from(seed);
  let rounds = 0;
  while (performance.now() < end) {
    for (let i = 0; i < 256; i++) digest = createHash("sha256").update(digest).digest();
    rounds += 256;
  }
  return rounds;
}

export function checkoutService(ctx: ServiceContext): ServiceDefinition {
  const { random, telemetry } = ctx;
  const db = new OrdersDb(telemetry, random);
  let inFlight = 0;
  let orders = 0;
  telemetry.meter
    .createObservableGauge("checkout.queue.depth", {
      unit: "{checkout}",
      description: "Checkouts received and not yet answered.",
    })
    .addCallback((result) => result.observe(inFlight));

  /** Fraud scoring; on the slow path a full rescoring of the card's history burns CPU. */
  function scoreFraud(orderId: string, serverSpan: Span): void {
    const slow = ctx.incidentOn() && random.chance(SLOW_PATH_RATE);
    serverSpan.setAttribute(SLOW_PATH_ATTRIBUTE, slow);
    const span = telemetry.tracer.startSpan("fraud-score", { attributes: { [SLOW_PATH_ATTRIBUTE]: slow } });
    context.with(trace.setSpan(context.active(), span), () => {
      const started = performance.now();
      const rounds = burnCpu(orderId, slow ? random.between(300, 900) : random.between(0.5, 2));
      const tookMs = performance.now() - started;
      span.setAttribute("fraud.hash_rounds", rounds);
      if (slow) {
        emitLog(telemetry.logger, "WARN", `fraud scoring took ${Math.round(tookMs)} ms: full card-history rescoring`, {
          [SLOW_PATH_ATTRIBUTE]: true,
          "fraud.duration_ms": tookMs,
          "checkout.order_id": orderId,
        });
      }
      span.end();
    });
  }

  async function checkout(body: unknown, span: Span) {
    const parsed = CheckoutSchema.safeParse(body);
    if (!parsed.success) throw new HttpError(400, "invalid checkout request", "BadRequest");
    const { sku, qty, customerId } = parsed.data;
    orders++;
    const orderId = `ord-${process.pid.toString(36)}-${orders.toString(36)}`;
    span.setAttributes({ "checkout.order_id": orderId, "checkout.customer_id": customerId, "checkout.sku": sku });

    const stock = await callService(telemetry.tracer, {
      method: "GET",
      url: `${peerUrl(ctx, "inventory")}/stock/${encodeURIComponent(sku)}`,
      route: "/stock/:sku",
      peerService: "inventory",
    });
    if (stock.status >= 500) throw new HttpError(503, "inventory unavailable", "InventoryUnavailable");
    const available = (stock.body as { available?: number }).available ?? 0;
    if (available < qty) return { status: 409, body: { error: `only ${available} of ${sku} in stock` } };

    await db.recentOrders(customerId);
    scoreFraud(orderId, span);

    const total = Math.round(qty * random.between(9, 120) * 100) / 100;
    const charge = await callService(telemetry.tracer, {
      method: "POST",
      url: `${peerUrl(ctx, "payments")}/charge`,
      route: "/charge",
      peerService: "payments",
      body: { orderId, amount: total, currency: "EUR" },
    });
    if (charge.status !== 200) {
      const error = new PaymentFailed(
        `payment failed for order ${orderId}: ${errorMessage(charge.body) ?? `HTTP ${charge.status}`}`,
      );
      emitLog(
        telemetry.logger,
        "ERROR",
        error.message,
        { "checkout.order_id": orderId, "payment.status": charge.status },
        error,
      );
      throw error;
    }

    await db.insertOrder({ id: orderId, customerId, sku, qty, total, createdAt: Date.now() });
    return { status: 200, body: { orderId, total, currency: "EUR" } };
  }

  return {
    routes: [
      {
        method: "POST",
        route: "/checkout",
        async handle({ body, span }) {
          inFlight++;
          try {
            return await checkout(body, span);
          } finally {
            inFlight--;
          }
        },
      },
    ],
  };
}
