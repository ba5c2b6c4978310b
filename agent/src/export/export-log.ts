// The exporter's log lines: every line says where it comes from, and a failure that repeats
// (the same status and message for every batch) is written once, not once per batch.

// Distinct messages remembered; past it, new ones are no longer logged (messages may embed IDs).
const MAX_REMEMBERED = 100;

export class ExportLog {
  private readonly seen = new Set<string>();

  constructor(private readonly write: (line: string) => void) {}

  line(text: string): void {
    this.write(`otlp export: ${text}`);
  }

  /** Writes `text` the first time `key` is seen. */
  once(key: string, text: string): void {
    if (this.seen.has(key) || this.seen.size > MAX_REMEMBERED) return;
    this.seen.add(key);
    if (this.seen.size > MAX_REMEMBERED) {
      this.line(`more than ${MAX_REMEMBERED} distinct export errors: new ones are counted, no longer logged`);
      return;
    }
    this.line(text);
  }
}
