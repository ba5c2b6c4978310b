// `frontend`: the shop's web tier the load generator talks to. GET / renders the home page,
// GET /product/:id asks inventory for stock, POST /checkout hands the order to checkout.
import { callService, errorMessage } from "../http/client.ts";
import { HttpError } from "../http/server.ts";
import { peerUrl, type ServiceContext, type ServiceDefinition, sleep } from "./service.ts";

export function frontendService(ctx: ServiceContext): ServiceDefinition {
  const { random, telemetry } = ctx;
  const render = () => sleep(random.latencyMs(3));

  return {
    routes: [
      {
        method: "GET",
        route: "/",
        async handle() {
          await render();
          return { status: 200, body: { page: "home" } };
        },
      },
      {
        method: "GET",
        route: "/product/:id",
        async handle({ params }) {
          const sku = `sku-${params.id ?? "0"}`;
          const stock = await callService(telemetry.tracer, {
            method: "GET",
            url: `${peerUrl(ctx, "inventory")}/stock/${encodeURIComponent(sku)}`,
            route: "/stock/:sku",
            peerService: "inventory",
          });
          if (stock.status >= 500) throw new HttpError(502, "inventory unavailable", "UpstreamError");
          await render();
          return { status: 200, body: { page: "product", sku, stock: stock.body } };
        },
      },
      {
        method: "POST",
        route: "/checkout",
        async handle({ body }) {
          const result = await callService(telemetry.tracer, {
            method: "POST",
            url: `${peerUrl(ctx, "checkout")}/checkout`,
            route: "/checkout",
            peerService: "checkout",
            body,
          });
          if (result.status >= 500) {
            throw new HttpError(
              500,
              `checkout failed: ${errorMessage(result.body) ?? `HTTP ${result.status}`}`,
              "CheckoutFailed",
            );
          }
          return { status: result.status, body: result.body };
        },
      },
    ],
  };
}
