// Learns how many rows a request byte carries, per request shape (signal, encoding, content
// coding), so admission can reserve rows before a body is read or decoded. Under overload that
// refuses requests up front instead of decoding them only to find the queue full.

const WEIGHT = 0.2; // exponential moving average: recent requests count most

export class RowEstimator {
  private readonly rowsPerByte = new Map<string, number>();

  /** Expected rows of a request of `bytes` bytes; 0 until a request of this shape was seen. */
  estimate(shape: string, bytes: number): number {
    return Math.floor(bytes * (this.rowsPerByte.get(shape) ?? 0));
  }

  learn(shape: string, bytes: number, rows: number): void {
    if (bytes <= 0) return;
    const ratio = rows / bytes;
    const previous = this.rowsPerByte.get(shape);
    this.rowsPerByte.set(shape, previous === undefined ? ratio : previous + WEIGHT * (ratio - previous));
  }
}
