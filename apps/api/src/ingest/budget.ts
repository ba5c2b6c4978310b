// The memory budget shared by every ingest queue: rows and bytes held between a request's
// admission and the moment its rows are stored (its body while it is read and decoded, then
// its encoded Native blocks while they are queued and written). When it is full, requests are
// refused at once (503 / UNAVAILABLE) instead of buffered, so memory stays bounded.

export interface BudgetLimits {
  maxRows: number;
  maxBytes: number;
}

export class IngestBudget {
  rows = 0;
  bytes = 0;

  constructor(readonly limits: BudgetLimits) {}

  /**
   * Reserves room for a request, or returns undefined when it does not fit. An empty budget
   * admits anything (its size is already capped by the body limit), so one request larger
   * than the budget cannot be refused forever.
   */
  reserve(rows: number, bytes: number): Reservation | undefined {
    if (!this.fits(rows, bytes, 0, 0)) return undefined;
    this.rows += rows;
    this.bytes += bytes;
    return new Reservation(this, rows, bytes);
  }

  /** @internal Whether adding (rows, bytes) fits, given that (ownRows, ownBytes) is already held by the asker. */
  fits(rows: number, bytes: number, ownRows: number, ownBytes: number): boolean {
    const aloneInBudget = this.rows === ownRows && this.bytes === ownBytes;
    if (aloneInBudget) return true;
    return this.rows + rows <= this.limits.maxRows && this.bytes + bytes <= this.limits.maxBytes;
  }
}

export class Reservation {
  private released = false;

  constructor(
    private readonly budget: IngestBudget,
    private rows: number,
    private bytes: number,
  ) {}

  /** Changes the reservation to (rows, bytes); false (and unchanged) if growing does not fit. */
  resize(rows: number, bytes: number): boolean {
    if (this.released) throw new Error("reservation already released");
    const dRows = rows - this.rows;
    const dBytes = bytes - this.bytes;
    if (
      (dRows > 0 || dBytes > 0) &&
      !this.budget.fits(Math.max(dRows, 0), Math.max(dBytes, 0), this.rows, this.bytes)
    ) {
      return false;
    }
    this.budget.rows += dRows;
    this.budget.bytes += dBytes;
    this.rows = rows;
    this.bytes = bytes;
    return true;
  }

  /** Changes only the bytes held (a body growing as it arrives); false (and unchanged) if growing does not fit. */
  resizeBytes(bytes: number): boolean {
    return this.resize(this.rows, bytes);
  }

  /** Gives the room back; safe to call more than once. */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.budget.rows -= this.rows;
    this.budget.bytes -= this.bytes;
  }
}
