export type { CompareOp, SearchNode } from "./ast.ts";
export { type QueryPosition, SearchQueryError } from "./errors.ts";
export { MAX_DEPTH, MAX_QUERY_LENGTH, MAX_TERMS, parseSearchQuery } from "./parser.ts";
export { printSearchQuery } from "./print.ts";
export { parseDurationNs, parseNumber } from "./values.ts";
