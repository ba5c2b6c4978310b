// `payments`: POST /charge authorizes a card with an (imaginary) card processor. During the
// incident ~40 % of charges time out at the processor and answer 502.
import { context, SpanStatusCode, trace } from "@opentelemetry/api";
import { z } from "zod";
import { HttpError } from "../http/server.ts";
import { emitLog } from "../telemetry/logs.ts";
import { type ServiceContext, type ServiceDefinition, sleep } from "./service.ts";

export const INCIDENT_FAILURE_RATE = 0.4;
const BASELINE_FAILURE_RATE = 0.01;

const ChargeSchema = z.object({
  orderId: z.string().min(1),
  amount: z.number().positive(),
  currency: z.string().length(3),
});

export class CardProcessorTimeout extends Error {
  override name = "CardProcessorTimeout";
}

export function paymentsService(ctx: ServiceContext): ServiceDefinition {
  const { random, telemetry } = ctx;
  let charges = 0;

  /** The processor round trip, in its own span so the waterfall shows where the time went. */
  async function authorize(orderId: string, amount: number): Promise<string> {
    const span = telemetry.tracer.startSpan("card-processor authorize", {
      attributes: { "payment.processor": "acme-pay", "payment.order_id": orderId, "payment.amount": amount },
    });
    return context.with(trace.setSpan(context.active(), span), async () => {
      try {
        const fails = random.chance(ctx.incidentOn() ? INCIDENT_FAILURE_RATE : BASELINE_FAILURE_RATE);
        if (fails) {
          const waitedMs = random.between(250, 600);
          await sleep(waitedMs);
          throw new CardProcessorTimeout(`card processor timeout after ${Math.round(waitedMs)} ms`);
        }
        await sleep(random.latencyMs(22));
        charges++;
        return `ch_${charges.toString(36).padStart(6, "0")}`;
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        throw error;
      } finally {
        span.end();
      }
    });
  }

  return {
    routes: [
      {
        method: "POST",
        route: "/charge",
        async handle({ body, span }) {
          const parsed = ChargeSchema.safeParse(body);
          if (!parsed.success) throw new HttpError(400, "invalid charge request", "BadRequest");
          const { orderId, amount, currency } = parsed.data;
          span.setAttributes({ "payment.order_id": orderId, "payment.amount": amount, "payment.currency": currency });
          try {
            const chargeId = await authorize(orderId, amount);
            return { status: 200, body: { chargeId, status: "captured" } };
          } catch (error) {
            if (!(error instanceof CardProcessorTimeout)) throw error;
            emitLog(
              telemetry.logger,
              "ERROR",
              `charge for order ${orderId} failed: ${error.message}`,
              { "payment.order_id": orderId, "payment.amount": amount },
              error,
            );
            const answer = new HttpError(502, "card processor timeout", "CardProcessorTimeout");
            answer.stack = error.stack;
            throw answer;
          }
        },
      },
    ],
  };
}
