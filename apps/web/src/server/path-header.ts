/** The request header src/proxy.ts puts the page's path in (server components have no URL). */
export const PATH_HEADER = "x-tracelight-path";
