// A page's URL query as a saved view's state and back (pure). `view` names the saved view
// being opened, so it is never part of a state.
import type { SavedViewState } from "@tracelight/contracts";

export const VIEW_PARAM = "view";

export function stateFromParams(params: URLSearchParams): SavedViewState {
  const state: SavedViewState = {};
  for (const key of new Set(params.keys())) {
    if (key === VIEW_PARAM) continue;
    const values = params.getAll(key);
    state[key] = values.length === 1 ? (values[0] ?? "") : values;
  }
  return state;
}

/** The page's path with exactly `state` as its query. */
export function hrefForState(pathname: string, state: SavedViewState): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(state)) {
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, item);
  }
  const search = params.toString();
  return search === "" ? pathname : `${pathname}?${search}`;
}
