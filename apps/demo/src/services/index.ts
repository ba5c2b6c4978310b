// The service builders by name.
import { checkoutService } from "./checkout.ts";
import { frontendService } from "./frontend.ts";
import { inventoryService } from "./inventory.ts";
import { paymentsService } from "./payments.ts";
import type { ServiceContext, ServiceDefinition, ServiceName } from "./service.ts";

export { PEERS, SERVICE_NAMES, type ServiceName } from "./service.ts";

export const SERVICES: Record<ServiceName, (ctx: ServiceContext) => ServiceDefinition> = {
  frontend: frontendService,
  checkout: checkoutService,
  payments: paymentsService,
  inventory: inventoryService,
};
