export { blankAsUnset, commaList, hostNames, httpUrl, port } from "./fields.ts";
export { ConfigError, parseEnv } from "./parse-env.ts";
