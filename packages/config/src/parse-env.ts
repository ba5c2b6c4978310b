// Reading an environment against a zod schema: the typed value, or one error that names every
// invalid variable, so a misconfigured start is fixed in one go rather than one variable a run.
import type { z } from "zod";

/** A configuration that cannot run; the message lists each problem on its own line. */
export class ConfigError extends Error {
  override name = "ConfigError";
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  ${problems.join("\n  ")}`);
  }
}

/** The schema's output for `env`; throws ConfigError with a `NAME: problem` line per issue. */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  env: Readonly<Record<string, string | undefined>>,
): z.output<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map((issue) =>
      issue.path.length === 0 ? issue.message : `${issue.path.join(".")}: ${issue.message}`,
    ),
  );
}
