// Request parsing for the dashboard and saved-view routes: every issue as "field.path: message",
// so an editor can show each next to its field (a dashboard has many fields to get wrong).
import type { z } from "zod";
import { HttpError } from "../query/errors.ts";

export function parseAll<S extends z.ZodType>(schema: S, input: unknown, where: string): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.length > 0 ? i.path.join(".") : where}: ${i.message}`);
  throw new HttpError(400, "bad_request", [...new Set(problems)].join("; "));
}

export const isUniqueViolation = (error: unknown) => (error as { code?: unknown } | null)?.code === "P2002";

export function notFound(what: string, id: string): never {
  throw new HttpError(404, "not_found", `${what} ${id} not found`);
}
