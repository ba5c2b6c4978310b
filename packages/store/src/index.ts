export * from "./sql.ts";
export * from "./transport.ts";
export * from "./chdb-transport.ts";
export * from "./queries/index.ts";
