// The load generator: a steady rate of shop requests to `frontend` (home, product pages,
// checkouts), counting what it sent and how many answered 5xx or not at all.
import type { Random } from "./random.ts";

export const TRAFFIC_MIX = { home: 0.25, product: 0.45, checkout: 0.3 } as const;

/** Requests in flight beyond which new ones are skipped (a stalled demo must not pile up sockets). */
const MAX_IN_FLIGHT = 500;
const TICK_MS = 50;

export interface LoadCounts {
  sent: number;
  errors: number;
}

export class LoadGenerator {
  readonly totals: LoadCounts = { sent: 0, errors: 0 };
  private window: LoadCounts = { sent: 0, errors: 0 };
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private due = 0;
  private last = 0;

  constructor(
    private readonly frontendUrl: string,
    private readonly rate: number,
    private readonly random: Random,
  ) {}

  start(): void {
    if (this.timer) return;
    this.last = performance.now();
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  /** Stops sending and waits for the requests in flight. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await Promise.allSettled([...this.inFlight]);
  }

  /** Counts since the previous call. */
  takeWindow(): LoadCounts {
    const window = this.window;
    this.window = { sent: 0, errors: 0 };
    return window;
  }

  private tick(): void {
    const now = performance.now();
    this.due += (this.rate * (now - this.last)) / 1000;
    this.last = now;
    while (this.due >= 1) {
      this.due -= 1;
      if (this.inFlight.size >= MAX_IN_FLIGHT) continue;
      const request = this.send().finally(() => this.inFlight.delete(request));
      this.inFlight.add(request);
    }
  }

  private async send(): Promise<void> {
    const { random } = this;
    const roll = random.next();
    const id = random.int(1, 50);
    let path = "/";
    let init: RequestInit = {};
    if (roll >= TRAFFIC_MIX.home + TRAFFIC_MIX.product) {
      path = "/checkout";
      const body = { sku: `sku-${id}`, qty: random.int(1, 2), customerId: `cust-${random.int(1, 500)}` };
      init = { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
    } else if (roll >= TRAFFIC_MIX.home) {
      path = `/product/${id}`;
    }
    this.count("sent");
    try {
      const response = await fetch(`${this.frontendUrl}${path}`, {
        ...init,
        headers: { ...init.headers, "user-agent": "tracelight-demo-load/1.0" },
        signal: AbortSignal.timeout(15_000),
      });
      await response.arrayBuffer();
      if (response.status >= 500) this.count("errors");
    } catch {
      this.count("errors");
    }
  }

  private count(what: keyof LoadCounts): void {
    this.totals[what]++;
    this.window[what]++;
  }
}
