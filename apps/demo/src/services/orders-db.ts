// `ordersdb`, checkout's database as seen from its driver: an in-memory orders table behind a
// small connection pool with realistic latency, each statement a CLIENT span with the
// db.* attributes, and the pool's usage as a gauge. No real SQL runs; the statements name what
// a real driver would send.
import { context, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type { Random } from "../random.ts";
import type { ServiceTelemetry } from "../telemetry/setup.ts";
import { sleep } from "./service.ts";

export interface Order {
  id: string;
  customerId: string;
  sku: string;
  qty: number;
  total: number;
  createdAt: number;
}

export const POOL_NAME = "ordersdb";

export class OrdersDb {
  private readonly orders = new Map<string, Order>();
  private readonly waiters: (() => void)[] = [];
  private inUse = 0;

  constructor(
    private readonly telemetry: ServiceTelemetry,
    private readonly random: Random,
    readonly poolSize = 4,
  ) {
    telemetry.meter
      .createObservableGauge("db.client.connection.count", {
        unit: "{connection}",
        description: "Connections of the orders database pool, by state.",
      })
      .addCallback((result) => {
        const pool = { "db.client.connection.pool.name": POOL_NAME };
        result.observe(this.inUse, { ...pool, "db.client.connection.state": "used" });
        result.observe(this.poolSize - this.inUse, { ...pool, "db.client.connection.state": "idle" });
      });
  }

  recentOrders(customerId: string): Promise<Order[]> {
    return this.run(
      "SELECT",
      "SELECT id, sku, qty, total, created_at FROM orders WHERE customer_id = $1 ORDER BY created_at DESC LIMIT 5",
      6,
      () =>
        [...this.orders.values()]
          .filter((o) => o.customerId === customerId)
          .slice(-5)
          .reverse(),
    );
  }

  insertOrder(order: Order): Promise<void> {
    return this.run(
      "INSERT",
      "INSERT INTO orders (id, customer_id, sku, qty, total, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
      9,
      () => {
        this.orders.set(order.id, order);
        // Keep memory flat over a long demo run.
        if (this.orders.size > 10_000) {
          const oldest = this.orders.keys().next().value;
          if (oldest !== undefined) this.orders.delete(oldest);
        }
      },
    );
  }

  private async run<T>(operation: string, statement: string, medianMs: number, apply: () => T): Promise<T> {
    const span = this.telemetry.tracer.startSpan(`${operation} orders`, {
      kind: SpanKind.CLIENT,
      attributes: {
        "db.system": "other_sql",
        "db.name": "orders",
        "db.operation": operation,
        "db.statement": statement,
        "db.sql.table": "orders",
        "peer.service": POOL_NAME,
        "server.address": POOL_NAME,
      },
    });
    return context.with(trace.setSpan(context.active(), span), async () => {
      try {
        await this.acquire();
        try {
          await sleep(this.random.latencyMs(medianMs));
          return apply();
        } finally {
          this.release();
        }
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        throw error;
      } finally {
        span.end();
      }
    });
  }

  private acquire(): Promise<void> {
    if (this.inUse < this.poolSize) {
      this.inUse++;
      return Promise.resolve();
    }
    // Wait for a connection; release() hands its slot over directly.
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.inUse--;
  }
}
