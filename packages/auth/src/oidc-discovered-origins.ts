// better-auth's SSO plugin fetches only from trusted origins and requires every endpoint the
// discovery document names to be one. Some providers spread their endpoints over several
// hosts (Google: accounts.google.com, oauth2.googleapis.com, www.googleapis.com; Microsoft
// Entra: userinfo on graph.microsoft.com), so trusting the issuer's origin alone breaks them.
// The operator chose this issuer; the origins its own discovery document names are trusted too.

const ENDPOINTS = [
  "authorization_endpoint",
  "token_endpoint",
  "userinfo_endpoint",
  "jwks_uri",
  "revocation_endpoint",
  "end_session_endpoint",
  "introspection_endpoint",
];

/**
 * The issuer's origin and those of its discovered endpoints. Discovery is fetched on first use
 * (better-auth asks when it starts and at each request it handles) and kept once it succeeds;
 * until then only the issuer's origin is returned.
 */
export function discoveredOrigins(issuer: string): () => Promise<string[]> {
  const issuerOrigin = new URL(issuer).origin;
  let known: string[] | undefined;
  return async () => {
    if (known) return known;
    try {
      const response = await fetch(`${issuer}/.well-known/openid-configuration`, {
        signal: AbortSignal.timeout(5000),
        redirect: "error",
      });
      if (!response.ok) return [issuerOrigin];
      const document = (await response.json()) as Record<string, unknown>;
      const origins = new Set([issuerOrigin]);
      for (const key of ENDPOINTS) {
        if (typeof document[key] !== "string") continue;
        const url = new URL(document[key]);
        if (url.protocol === "https:" || url.protocol === "http:") origins.add(url.origin);
      }
      known = [...origins];
      return known;
    } catch {
      return [issuerOrigin];
    }
  };
}
