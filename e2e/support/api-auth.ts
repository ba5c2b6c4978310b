// The admin API token global setup made (global-setup.ts), as the header every direct call to
// the api carries: /api/v1 answers 401 without credentials.
import { readFileSync } from "node:fs";
import { paths } from "./env.ts";

let token: string | undefined;

export function authHeaders(): { authorization: string } {
  token ??= readFileSync(paths.apiToken, "utf8").trim();
  return { authorization: `Bearer ${token}` };
}
