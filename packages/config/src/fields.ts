// Field builders for environment variables that more than one app reads the same way.
import { z } from "zod";

const blankAsUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** A variable set to nothing but spaces counts as unset, so `schema`'s default or optional applies. */
export const blankAsUnset = <T extends z.ZodType>(schema: T) => z.preprocess(blankAsUndefined, schema);

/** A TCP port; `listen` also accepts 0, a listener's "any free port". */
export const port = (fallback: number, { listen = false } = {}) =>
  z.coerce
    .number()
    .int()
    .min(listen ? 0 : 1)
    .max(65535)
    .default(fallback);

/** An http:// or https:// URL; the message shows `example`. */
export const httpUrl = (example: string) =>
  z.url({ protocol: /^https?$/, error: `must be an http(s):// URL such as ${example}` });

/** `a, b,,c` → ["a", "b", "c"]: entries trimmed, empty ones dropped. */
export const commaList = () =>
  z.string().transform((text) =>
    text
      .split(",")
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ""),
  );

/** Host names an app answers to, comma-separated (IPs, [IPv6] and :ports too); read by originPolicy in @tracelight/contracts. */
export const hostNames = z
  .string()
  .regex(/^[\w.\-:[\], ]*$/, "must be a comma list of host names such as obs.example.com,10.0.0.5")
  .default("");
