// A FIFO of fixed capacity that makes room by dropping its oldest items: when the api is slow or
// down the agent keeps the newest telemetry, and its memory never grows past the capacity.

export class BoundedQueue<T> {
  private readonly slots: (T | undefined)[];
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`queue capacity must be ≥ 1, not ${capacity}`);
    this.slots = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Appends the items; returns the items dropped to make room, oldest first. */
  push(items: readonly T[]): T[] {
    const overflow = this.count + items.length - this.capacity;
    const dropped = overflow > 0 ? this.take(Math.min(overflow, this.count)) : [];
    // Items that cannot fit even in an empty queue are dropped before they are stored.
    const skip = Math.max(0, items.length - this.capacity);
    for (let i = 0; i < skip; i++) dropped.push(items[i] as T);
    for (let i = skip; i < items.length; i++) {
      this.slots[(this.head + this.count) % this.capacity] = items[i];
      this.count++;
    }
    return dropped;
  }

  /** Removes and returns up to `max` of the oldest items. */
  take(max: number): T[] {
    const n = Math.min(max, this.count);
    const out = new Array<T>(n);
    for (let i = 0; i < n; i++) {
      out[i] = this.slots[this.head] as T;
      this.slots[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
    }
    this.count -= n;
    return out;
  }

  /** Removes and returns everything. */
  clear(): T[] {
    return this.take(this.count);
  }
}
