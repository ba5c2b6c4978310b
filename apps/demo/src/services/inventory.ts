// `inventory`: GET /stock/:sku answers how many units a warehouse holds; fast, rarely fails.
import { HttpError } from "../http/server.ts";
import { type ServiceContext, type ServiceDefinition, sleep } from "./service.ts";

const WAREHOUSES = ["ams-1", "fra-2", "iad-1"] as const;

export function inventoryService(ctx: ServiceContext): ServiceDefinition {
  const { random } = ctx;
  return {
    routes: [
      {
        method: "GET",
        route: "/stock/:sku",
        async handle({ params, span }) {
          const sku = params.sku ?? "";
          const warehouse = random.pick(WAREHOUSES);
          span.setAttributes({ "inventory.sku": sku, "inventory.warehouse": warehouse });
          await sleep(random.latencyMs(4));
          if (random.chance(0.003))
            throw new HttpError(503, `stock shard ${warehouse} unavailable`, "ShardUnavailable");
          return { status: 200, body: { sku, warehouse, available: random.int(0, 60) } };
        },
      },
    ],
  };
}
