// Shared inputs of the SQL snapshot tests: a fixed range, a hostile string that must never
// appear in a query's text, and series sent in two units.
import type { TimeRange } from "@tracelight/contracts";
import { expect } from "vitest";
import type { BoundQuery } from "../sql.ts";
import { unitPlan } from "./metric-units.ts";

export const RANGE: TimeRange = { from: 1_700_000_000_000, to: 1_700_003_600_000, explicit: true };
export const EVIL = "x' OR 1=1 --";
/** Series sent in ms and in s, answered in s. */
export const UNITS = unitPlan({ unit: "s", units: ["ms", "s"] });

export function expectBound(q: BoundQuery): void {
  expect(q.text).not.toContain(EVIL);
  expect(q.text).not.toContain("1=1");
}
