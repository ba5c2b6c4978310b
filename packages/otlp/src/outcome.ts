// Accumulates what a decode refused or repaired, for the OTLP partial-success response.
import type { Decoded } from "./rows.ts";

export class Outcome {
  rejected = 0;
  private readonly reasons = new Set<string>();

  /** One item (span, log record, data point) refused; its reason is kept once. */
  reject(reason: string): void {
    this.rejected++;
    this.reasons.add(reason);
  }

  /** Something accepted but changed; OTLP allows a message with zero rejected as a warning. */
  warn(message: string): void {
    this.reasons.add(message);
  }

  noteInvalidUtf8(count: number): void {
    if (count > 0) {
      this.warn(
        `${count} string(s) with invalid UTF-8 were stored with U+FFFD replacement characters (OTLP strings must be UTF-8)`,
      );
    }
  }

  finish<Rows>(rows: Rows): Decoded<Rows> {
    return { rows, rejected: this.rejected, errors: [...this.reasons] };
  }
}
