// The process's one logger: pino, one JSON object per line on stderr, time as ISO text and
// the level by name so a line prefixed by `npm start` stays readable. An Error under `error`
// (or `err`) is written with its type, message, stack and cause. Writes are synchronous so the
// last lines before a crash exit are not lost in a buffer.
import pino from "pino";

type Fields = Record<string, unknown>;

const logger = pino(
  {
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    serializers: { error: pino.stdSerializers.errWithCause, err: pino.stdSerializers.errWithCause },
  },
  pino.destination({ dest: 2, sync: true }),
);

export const log = {
  info: (message: string, fields?: Fields) => logger.info(fields ?? {}, message),
  warn: (message: string, fields?: Fields) => logger.warn(fields ?? {}, message),
  error: (message: string, fields?: Fields) => logger.error(fields ?? {}, message),
  fatal: (message: string, fields?: Fields) => logger.fatal(fields ?? {}, message),
};
