// A pino line (log.ts) as a self-telemetry log record: the message as body, the level as
// severity, an Error under `error` or `err` as exception.* (stack included), and the other
// fields as attributes — text kept short, objects as JSON — so a warning in the store reads
// like the line on stderr.
import type { SelfAttributes, SelfLogRecord, SelfSeverity } from "@tracelight/self-telemetry";

export type LogSink = (record: SelfLogRecord) => void;

const SEVERITIES: ReadonlySet<string> = new Set(["warn", "error", "fatal"]);
// Carried by the record itself or its resource (the pid) already.
const OWN_FIELDS = new Set(["level", "time", "msg", "pid", "error", "err"]);
const MAX_VALUE_CHARS = 2048;

interface PinoError {
  type?: string;
  message?: string;
  stack?: string;
}

export function toSelfLogRecord(line: string): SelfLogRecord | undefined {
  const fields = JSON.parse(line) as Record<string, unknown>;
  const level = String(fields.level);
  if (!SEVERITIES.has(level)) return undefined;
  const attributes: SelfAttributes = {};
  for (const [key, value] of Object.entries(fields)) {
    if (OWN_FIELDS.has(key) || value === null || value === undefined) continue;
    if (typeof value === "number" || typeof value === "boolean") attributes[key] = value;
    else attributes[key] = (typeof value === "string" ? value : JSON.stringify(value)).slice(0, MAX_VALUE_CHARS);
  }
  const error = (fields.error ?? fields.err) as PinoError | undefined;
  const time = Date.parse(String(fields.time));
  return {
    severity: level as SelfSeverity,
    message: String(fields.msg ?? ""),
    timeMs: Number.isNaN(time) ? undefined : time,
    attributes,
    error: typeof error === "object" ? { type: error.type, message: error.message, stack: error.stack } : undefined,
  };
}
