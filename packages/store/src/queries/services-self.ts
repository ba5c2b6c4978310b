// Tracelight's own service is left out of the user's service lists unless asked for.
import { SELF_SERVICE } from "@tracelight/contracts";
import { type BoundQuery, sql } from "../sql.ts";
import { isAnyOf } from "./attributes.ts";

/** A condition on ServiceName: true for every row when `includeSelf`, else for other services' rows. */
export function selfCondition(includeSelf: boolean): BoundQuery {
  return includeSelf ? sql`1` : sql`ServiceName != ${SELF_SERVICE}`;
}

/** Any of the services asked for (the primary key's prefix); none: every service but Tracelight's own. */
export function serviceCondition(services: readonly string[]): BoundQuery {
  return services.length === 0 ? selfCondition(false) : isAnyOf(sql`ServiceName`, services);
}
