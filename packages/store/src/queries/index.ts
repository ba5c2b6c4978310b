// Typed read queries behind the query API. Each builds bound SQL (pure, build*Query) and runs
// it on a transport, mapping rows to the contract's response types.

export * from "./alert-queries.ts";
export * from "./errors.ts";
export * from "./histogram-percentiles.ts";
export * from "./log-histogram.ts";
export * from "./log-match.ts";
export * from "./log-record.ts";
export * from "./logs.ts";
export * from "./metric-attributes.ts";
export * from "./metric-catalog.ts";
export * from "./metric-exemplars.ts";
export * from "./metric-partials.ts";
export * from "./metric-partials-merge.ts";
export * from "./metric-series.ts";
export * from "./metric-series-limit.ts";
export * from "./metric-series-sql.ts";
export * from "./metric-units.ts";
export * from "./red.ts";
export * from "./search-suggest.ts";
export * from "./service-map.ts";
export * from "./services.ts";
export * from "./services-overview.ts";
export * from "./trace-bounds.ts";
export * from "./trace-by-id.ts";
export * from "./trace-scatter.ts";
export * from "./trace-search.ts";
