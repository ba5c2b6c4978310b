// A one-line progress bar for commands that run for minutes. In a terminal the line is redrawn
// (at most ten times a second); in a log (CI, a pipe) it is written once per tenth of the way,
// so the log shows progress without thousands of lines.

/** Where the bar is drawn: process.stderr, or anything with its write and isTTY. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export class ProgressBar {
  private lastDraw = Number.NEGATIVE_INFINITY;
  private lastTenth = -1;
  private readonly started = performance.now();

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly stream: ProgressStream = process.stderr,
  ) {}

  /** `done` of `total` so far; `extra` is appended (e.g. what is being worked on). */
  update(done: number, extra = ""): void {
    const now = performance.now();
    if (now - this.lastDraw < 100 && done < this.total) return;
    this.lastDraw = now;
    const width = 30;
    const share = this.total > 0 ? Math.min(1, done / this.total) : 1;
    const filled = Math.round(share * width);
    const rate = done / Math.max((now - this.started) / 1000, 1e-3);
    const line =
      `${this.label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done.toLocaleString("en-US")}/${this.total.toLocaleString("en-US")} ${Math.round(rate).toLocaleString("en-US")}/s ${extra}`.trimEnd();
    if (this.stream.isTTY) {
      this.stream.write(`\r${line}\x1b[K`);
      return;
    }
    const tenth = Math.floor(share * 10);
    if (tenth > this.lastTenth) {
      this.lastTenth = tenth;
      this.stream.write(`${line}\n`);
    }
  }

  /** Ends the redrawn line in a terminal. */
  done(): void {
    if (this.stream.isTTY) this.stream.write("\n");
  }
}
