// Where to go after signing in. Only a path on this site: "/alerts?state=firing" is kept,
// while "//evil.test", "https://evil.test", "/\evil.test" and anything else become "/", so a
// crafted link to the sign-in page cannot send someone on to another site.

const SITE = "http://site.invalid";

export function safeReturnTo(value: string | null | undefined): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//")) return "/";
  // The browser's own URL parser decides: it reads "\" as "/" and drops tabs and newlines, so
  // "/\evil.test" and "/\t/evil.test" would leave the site.
  let url: URL;
  try {
    url = new URL(value, SITE);
  } catch {
    return "/";
  }
  if (url.origin !== SITE) return "/";
  // The sign-in and first-run pages are no place to come back to.
  if (url.pathname === "/login" || url.pathname === "/setup") return "/";
  return url.pathname + url.search + url.hash;
}

/** The sign-in page's address that comes back to `path` afterwards. */
export function loginHref(path: string): string {
  const returnTo = safeReturnTo(path);
  return returnTo === "/" ? "/login" : `/login?returnTo=${encodeURIComponent(returnTo)}`;
}
