// The request → resource → scope → item walk of the direct path, with each resource and scope
// encoded once for the rows under it, and the one way out to the row path.
import {
  Outcome,
  Reader,
  type ResourceInfo,
  readRequest,
  type ScopeInfo,
  type SignalNames,
} from "@tracelight/otlp/wire";
import { type EncodedResource, type EncodedScope, encodeResource, encodeScope } from "./attributes.ts";

const TAKE_ROW_PATH = Symbol("take the row path");

/** Leaves the direct path: the request is then decoded to rows, which refuse, mend or cut exactly. */
export const rowPath = (): never => {
  throw TAKE_ROW_PATH;
};

export type DirectItemReader = (r: Reader, end: number, resource: EncodedResource, scope: EncodedScope) => void;

/** Reads every item of `body`; false when the request must take the row path (or is malformed: the row path says how). */
export function readItems(body: Uint8Array, names: SignalNames, readItem: DirectItemReader): boolean {
  const r = new Reader(body);
  let resourceSeen: ResourceInfo | undefined;
  let scopeSeen: ScopeInfo | undefined;
  let resource: EncodedResource | undefined;
  let scope: EncodedScope | undefined;
  try {
    readRequest(
      r,
      names,
      (r, end, resourceInfo, scopeInfo) => {
        if (resourceInfo !== resourceSeen) {
          resource = encodeResource(resourceInfo) ?? rowPath();
          resourceSeen = resourceInfo;
        }
        if (scopeInfo !== scopeSeen) {
          scope = encodeScope(scopeInfo) ?? rowPath();
          scopeSeen = scopeInfo;
        }
        readItem(r, end, resource as EncodedResource, scope as EncodedScope);
      },
      new Outcome(),
    );
  } catch {
    return false;
  }
  // Replaced invalid UTF-8 (in a flattened value) is reported by the row path.
  return r.invalidUtf8 === 0;
}
