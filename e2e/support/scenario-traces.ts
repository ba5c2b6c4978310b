// One checkout request as three instrumented services would report it: frontend → checkout →
// payments, with checkout's client span to the ordersdb database, and logs under the spans.
// Times are explicit (epoch ms) so a trace can be placed in a chosen minute.
import { ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { SeverityNumber } from "@opentelemetry/api-logs";
import type { Telemetry } from "./otel.ts";
import type { SentLog, SentSpan, SentTrace, TraceKind } from "./scenario-types.ts";

export const SERVICES = { frontend: "frontend", checkout: "checkout", payments: "payments" } as const;

export interface CheckoutShape {
  kind: TraceKind;
  orderId: string;
  startMs: number;
  /** Time of the ordersdb INSERT. */
  dbMs: number;
  /** Time of the card charge in payments. */
  chargeMs: number;
}

const SEVERITY = { INFO: SeverityNumber.INFO, WARN: SeverityNumber.WARN, ERROR: SeverityNumber.ERROR } as const;

export function sendCheckout(telemetry: Telemetry, shape: CheckoutShape): SentTrace {
  const { kind, orderId, startMs: t0, dbMs, chargeMs } = shape;
  const failed = kind === "error";
  const frontend = telemetry.service(SERVICES.frontend);
  const checkout = telemetry.service(SERVICES.checkout);
  const payments = telemetry.service(SERVICES.payments);
  const spans: SentSpan[] = [];
  const logs: SentLog[] = [];
  const live: { span: Span; sent: SentSpan }[] = [];

  const start = (
    service: keyof typeof SERVICES,
    name: string,
    kindOf: SpanKind,
    atMs: number,
    attributes: Record<string, string | number>,
    parent?: Span,
  ): Span => {
    const tracer = { frontend, checkout, payments }[service].tracer;
    const context = parent ? trace.setSpan(ROOT_CONTEXT, parent) : ROOT_CONTEXT;
    const span = tracer.startSpan(name, { kind: kindOf, startTime: atMs, attributes }, context);
    const sent: SentSpan = {
      spanId: span.spanContext().spanId,
      parentSpanId: parent?.spanContext().spanId ?? "",
      service: SERVICES[service],
      name,
      error: false,
      startMs: atMs,
      endMs: atMs,
    };
    spans.push(sent);
    live.push({ span, sent });
    return span;
  };
  const end = (span: Span, atMs: number, error?: string) => {
    const entry = live.find((l) => l.span === span);
    if (!entry) throw new Error("unknown span");
    if (error !== undefined) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error });
      entry.sent.error = true;
    }
    entry.sent.endMs = atMs;
    span.end(atMs);
  };
  const log = (
    service: keyof typeof SERVICES,
    span: Span,
    atMs: number,
    severity: keyof typeof SEVERITY,
    body: string,
  ) => {
    const { logger } = { frontend, checkout, payments }[service];
    logger.emit({
      timestamp: atMs,
      severityNumber: SEVERITY[severity],
      severityText: severity,
      body,
      attributes: { "order.id": orderId },
      context: trace.setSpan(ROOT_CONTEXT, span),
    });
    logs.push({ body, service: SERVICES[service], severity, spanId: span.spanContext().spanId, timestampMs: atMs });
  };

  // Offsets (ms from t0) of each step; every parent ends after its children.
  const dbEnd = 5 + dbMs;
  const chargeStart = dbEnd + 4;
  const chargeEnd = chargeStart + chargeMs;
  const payEnd = chargeEnd + 1;
  const callEnd = payEnd + 1;
  const checkoutEnd = callEnd + 2;
  const total = checkoutEnd + 2;

  const page = start("frontend", "GET /checkout", SpanKind.SERVER, t0, {
    "http.route": "/checkout",
    "http.request.method": "GET",
  });
  const callCheckout = start(
    "frontend",
    "POST checkout",
    SpanKind.CLIENT,
    t0 + 1,
    { "server.address": "checkout", "http.request.method": "POST" },
    page,
  );
  const api = start(
    "checkout",
    "POST /api/checkout",
    SpanKind.SERVER,
    t0 + 3,
    { "http.route": "/api/checkout", "http.request.method": "POST", "order.id": orderId },
    callCheckout,
  );
  log("checkout", api, t0 + 4, "INFO", `order ${orderId} received`);
  const insert = start(
    "checkout",
    "INSERT orders",
    SpanKind.CLIENT,
    t0 + 5,
    {
      "db.system": "postgresql",
      "db.namespace": "ordersdb",
      "peer.service": "ordersdb",
      "db.operation.name": "INSERT",
    },
    api,
  );
  end(insert, t0 + dbEnd);
  if (kind === "slow")
    log("checkout", insert, t0 + dbEnd, "WARN", `slow ordersdb insert for order ${orderId}: ${dbMs} ms`);
  else log("checkout", insert, t0 + dbEnd, "INFO", `order ${orderId} stored in ordersdb`);
  const callPayments = start(
    "checkout",
    "POST payments",
    SpanKind.CLIENT,
    t0 + dbEnd + 1,
    { "server.address": "payments", "http.request.method": "POST" },
    api,
  );
  const charge = start(
    "payments",
    "POST /api/charge",
    SpanKind.SERVER,
    t0 + dbEnd + 2,
    { "http.route": "/api/charge", "http.request.method": "POST" },
    callPayments,
  );
  log("payments", charge, t0 + dbEnd + 3, "INFO", `charging card for order ${orderId}`);
  // Runs beside the charge and ends long before it: never on the critical path.
  const audit = start("payments", "write audit record", SpanKind.INTERNAL, t0 + chargeStart, {}, charge);
  end(audit, t0 + chargeStart + 2);
  const card = start(
    "payments",
    "charge card",
    SpanKind.INTERNAL,
    t0 + chargeStart,
    { "payment.provider": "acme" },
    charge,
  );
  if (failed) {
    card.addEvent(
      "exception",
      { "exception.type": "CardDeclined", "exception.message": "insufficient funds" },
      t0 + chargeEnd,
    );
    log("payments", card, t0 + chargeEnd, "ERROR", `card declined for order ${orderId}: insufficient funds`);
  }
  end(card, t0 + chargeEnd, failed ? "card declined" : undefined);
  end(charge, t0 + payEnd, failed ? "402 payment required" : undefined);
  end(callPayments, t0 + callEnd, failed ? "402 payment required" : undefined);
  if (failed) log("checkout", api, t0 + callEnd, "ERROR", `payment failed for order ${orderId}`);
  else log("checkout", api, t0 + callEnd, "INFO", `order ${orderId} paid`);
  end(api, t0 + checkoutEnd, failed ? "502 payment failed" : undefined);
  end(callCheckout, t0 + checkoutEnd + 1, failed ? "502 bad gateway" : undefined);
  if (failed) log("frontend", page, t0 + total - 1, "ERROR", `checkout failed for order ${orderId}`);
  else log("frontend", page, t0 + total - 1, "INFO", `checkout completed for order ${orderId}`);
  end(page, t0 + total, failed ? "checkout failed" : undefined);

  return { traceId: page.spanContext().traceId, kind, orderId, startMs: t0, endMs: t0 + total, spans, logs };
}
