// Collects items (log records, spans) and hands them on in one batch every interval, keeping at
// most `maxPerInterval` per interval: a burst of errors or of requests costs the store a bounded
// number of rows, and the rest are counted as dropped.

export interface BatcherOptions<T> {
  intervalMs: number;
  maxPerInterval: number;
  flush: (items: T[]) => void;
}

export class Batcher<T> {
  private items: T[] = [];
  private readonly timer: NodeJS.Timeout | undefined;
  /** Items turned away because the interval's share was used up. */
  dropped = 0;

  constructor(private readonly options: BatcherOptions<T>) {
    if (options.intervalMs > 0) {
      this.timer = setInterval(() => this.flush(), options.intervalMs);
      // A host that is otherwise done may exit; close() sends what is left.
      this.timer.unref();
    }
  }

  /** True when one more item fits this interval, else it is counted dropped: asked before building the item. */
  admit(): boolean {
    if (this.items.length < this.options.maxPerInterval) return true;
    this.dropped++;
    return false;
  }

  /** An item admit() let in. */
  add(item: T): void {
    this.items.push(item);
  }

  flush(): void {
    if (this.items.length === 0) return;
    const items = this.items;
    this.items = [];
    this.options.flush(items);
  }

  close(): void {
    clearInterval(this.timer);
    this.flush();
  }
}
