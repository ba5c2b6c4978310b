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

  /** False when the item was dropped. */
  add(item: T): boolean {
    if (this.items.length >= this.options.maxPerInterval) {
      this.dropped++;
      return false;
    }
    this.items.push(item);
    return true;
  }

  /** True while there is room this interval (a caller may skip building an item that would be dropped). */
  get hasRoom(): boolean {
    return this.items.length < this.options.maxPerInterval;
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
