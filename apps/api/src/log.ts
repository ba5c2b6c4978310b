// One-line logs on stderr: "<ISO time> <level> <message> key=value ...". Enough for a single
// service run in the foreground or under a supervisor that timestamps nothing itself.

type Fields = Record<string, unknown>;

function write(level: "info" | "warn" | "error", message: string, fields?: Fields): void {
  let line = `${new Date().toISOString()} ${level} ${message}`;
  if (fields) {
    for (const [key, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      const text = value instanceof Error ? value.message : typeof value === "string" ? value : JSON.stringify(value);
      line += ` ${key}=${/[\s"]/.test(text) ? JSON.stringify(text) : text}`;
    }
  }
  process.stderr.write(`${line}\n`);
}

export const log = {
  info: (message: string, fields?: Fields) => write("info", message, fields),
  warn: (message: string, fields?: Fields) => write("warn", message, fields),
  error: (message: string, fields?: Fields) => write("error", message, fields),
};
