// The query API's contract: zod schemas for every request and TypeScript types for every
// response. Pure (zod only), imported by the api and the web app.
export * from "./alerts.ts";
export * from "./auth.ts";
export * from "./caps.ts";
export * from "./dashboards.ts";
export * from "./errors.ts";
export * from "./filters.ts";
export * from "./log-histogram.ts";
export * from "./log-tail.ts";
export * from "./logs.ts";
export * from "./metric-attributes.ts";
export * from "./metrics.ts";
export * from "./overview.ts";
export * from "./red.ts";
export * from "./request-origin.ts";
export * from "./saved-views.ts";
export * from "./search-suggest.ts";
export * from "./self-components.ts";
export * from "./service-map.ts";
export * from "./services.ts";
export * from "./status.ts";
export * from "./time.ts";
export * from "./traces.ts";
export * from "./values.ts";
