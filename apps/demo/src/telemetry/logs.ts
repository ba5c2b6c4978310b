// Log records through the OTel logs SDK, stamped with the active span's trace context; errors
// carry the exception semantic-convention attributes (type, message, stack trace).
import { type Attributes, type Context, context } from "@opentelemetry/api";
import { type Logger, SeverityNumber } from "@opentelemetry/api-logs";

export type Severity = "INFO" | "WARN" | "ERROR";

const NUMBERS: Record<Severity, SeverityNumber> = {
  INFO: SeverityNumber.INFO,
  WARN: SeverityNumber.WARN,
  ERROR: SeverityNumber.ERROR,
};

export function exceptionAttributes(error: unknown): Attributes {
  if (error instanceof Error) {
    return {
      "exception.type": error.name,
      "exception.message": error.message,
      ...(error.stack ? { "exception.stacktrace": error.stack } : {}),
    };
  }
  return { "exception.type": typeof error, "exception.message": String(error) };
}

export function emitLog(
  logger: Logger,
  severity: Severity,
  body: string,
  attributes: Attributes = {},
  error?: unknown,
  ctx: Context = context.active(),
): void {
  logger.emit({
    severityNumber: NUMBERS[severity],
    severityText: severity,
    body,
    attributes: error === undefined ? attributes : { ...attributes, ...exceptionAttributes(error) },
    context: ctx,
  });
}
