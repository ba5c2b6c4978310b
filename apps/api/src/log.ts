// The process's one logger: pino, one JSON object per line on stderr, time as ISO text and
// the level by name so a line prefixed by `npm start` stays readable. An Error under `error`
// (or `err`) is written with its type, message, stack and cause. Writes are synchronous so the
// last lines before a crash exit are not lost in a buffer. Warn-and-above records also go to
// the self-telemetry as OTLP logs once exportLogs connects it (log-export.ts).
import pino from "pino";
import { type LogSink, toSelfLogRecord } from "./self-telemetry/log-export.ts";

type Fields = Record<string, unknown>;

const options: pino.LoggerOptions = {
  base: { pid: process.pid },
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
  serializers: { error: pino.stdSerializers.errWithCause, err: pino.stdSerializers.errWithCause },
};
const stderr = pino.destination({ dest: 2, sync: true });

let sink: LogSink | undefined;
let forwarding = false;
const exported = {
  write(line: string) {
    // A sink that logs while taking a record would otherwise take that record too, and so on.
    if (sink === undefined || forwarding) return;
    forwarding = true;
    try {
      const record = toSelfLogRecord(line);
      if (record) sink(record);
    } catch {
      // Losing a copy of a line already written to stderr beats failing the caller's log call.
    } finally {
      forwarding = false;
    }
  },
};

const logger = pino(options, pino.multistream([{ stream: stderr }, { level: "warn", stream: exported }]));
// For the self-telemetry's own trouble: sent as OTLP it would feed its failures back to itself.
const localLogger = pino(options, stderr);

export const log = {
  info: (message: string, fields?: Fields) => logger.info(fields ?? {}, message),
  warn: (message: string, fields?: Fields) => logger.warn(fields ?? {}, message),
  error: (message: string, fields?: Fields) => logger.error(fields ?? {}, message),
  fatal: (message: string, fields?: Fields) => logger.fatal(fields ?? {}, message),
};

/** Written to stderr only, never exported. */
export const localLog = {
  info: (message: string, fields?: Fields) => localLogger.info(fields ?? {}, message),
  warn: (message: string, fields?: Fields) => localLogger.warn(fields ?? {}, message),
};

/** Warn-and-above records go to `to` from now on; the returned function disconnects it. */
export function exportLogs(to: LogSink): () => void {
  sink = to;
  return () => {
    if (sink === to) sink = undefined;
  };
}
