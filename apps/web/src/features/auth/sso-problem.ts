// A failed single sign-on comes back to /login with `?error=<code>&error_description=<text>`
// (packages/auth sends them); the page says so instead of showing a blank form.
export type LoginSearchParams = Partial<Record<"returnTo" | "error" | "error_description", string | string[]>>;

export const first = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;

export function ssoProblem(params: LoginSearchParams): string | undefined {
  const code = first(params.error);
  if (code === undefined || code === "") return undefined;
  const description = first(params.error_description)?.slice(0, 300);
  return `Single sign-on failed: ${description || code.replaceAll("_", " ").toLowerCase()}.`;
}
