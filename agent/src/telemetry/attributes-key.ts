import type { Attributes } from "./model.ts";

/** Order-independent identity of an attribute set (values keep their type: 1 ≠ "1"). */
export function attributesKey(attributes: Attributes): string {
  return JSON.stringify(Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
