// Saved views: a named log search, trace search or metric explorer state, kept as that page's
// URL query (apps/web/src/lib/url-state.ts: each key once, or repeated for a list), so opening
// one is loading its page with that query. GET/POST/PUT/DELETE /api/v1/saved-views.
import { z } from "zod";

export const SAVED_VIEW_KINDS = ["logs", "traces", "metrics"] as const;
export type SavedViewKind = (typeof SAVED_VIEW_KINDS)[number];

const kind = z.enum(SAVED_VIEW_KINDS, { error: "must be logs, traces or metrics" });
const value = z.string().max(2000, "must be at most 2000 characters");

/** The page's query parameters; `view` itself is not state. */
export const SavedViewStateSchema = z
  .record(
    z.string().min(1).max(100),
    z.union([value, z.array(value).max(50, "at most 50 values")], { error: "must be a string or a list of strings" }),
  )
  .refine((state) => Object.keys(state).length <= 50, "at most 50 parameters")
  .refine((state) => !("view" in state), "view: is the saved view's own id, not state");
export type SavedViewState = z.output<typeof SavedViewStateSchema>;

export const SavedViewInputSchema = z.strictObject({
  name: z.string().trim().min(1, "is required").max(200, "must be at most 200 characters"),
  kind,
  state: SavedViewStateSchema,
  /** Listed to every user; otherwise to its author only (anyone with its URL may still open it). */
  shared: z.boolean().default(false),
});
export type SavedViewInput = z.output<typeof SavedViewInputSchema>;

export const SavedViewsQuerySchema = z.object({
  kind: z.preprocess((v) => (v === "" ? undefined : v), kind.optional()),
});

export interface SavedView {
  id: string;
  name: string;
  kind: SavedViewKind;
  state: SavedViewState;
  shared: boolean;
  /** The author's email; null once the account is deleted. */
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SavedViewsResponse {
  savedViews: SavedView[];
}
