// Channel URLs often carry their credentials: `user:pass@`, Slack's and similar webhooks' secret
// path, tokens in the query. The API shows them masked; a PUT that sends the masked URL back
// unchanged keeps the stored one (see alerts/routes.ts).

const MASK = "***";
/** Webhook services whose path after these prefixes is the secret. */
const SECRET_PATHS: readonly { host: RegExp; prefix: string }[] = [
  { host: /^hooks\.slack\.com$/, prefix: "/services/" },
  { host: /^hooks\.slack\.com$/, prefix: "/workflows/" },
  { host: /^(discord|discordapp)\.com$/, prefix: "/api/webhooks/" },
  { host: /\.webhook\.office\.com$/, prefix: "/" },
];
/** A path segment this long, with letters and digits, reads as a token. */
const TOKEN_SEGMENT = /^(?=.*[a-z])(?=.*\d)[\w-]{16,}$/i;

export function maskChannelUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return MASK;
  }
  if (parsed.username !== "") parsed.username = MASK;
  if (parsed.password !== "") parsed.password = MASK;
  for (const key of [...new Set(parsed.searchParams.keys())]) parsed.searchParams.set(key, MASK);
  parsed.hash = "";
  const secret = SECRET_PATHS.find((s) => s.host.test(parsed.hostname) && parsed.pathname.startsWith(s.prefix));
  parsed.pathname =
    secret !== undefined
      ? `${secret.prefix}${MASK}`
      : parsed.pathname
          .split("/")
          .map((segment) => (TOKEN_SEGMENT.test(segment) ? MASK : segment))
          .join("/");
  return parsed.toString();
}
