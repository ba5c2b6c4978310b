// A real OpenID Connect provider (the `oidc-provider` package) for tests and the e2e suite:
// one confidential client, accounts whose role/groups claims ride on a "tracelight" scope,
// PKCE required, and the package's built-in login and consent pages (devInteractions).
/// <reference path="./oidc-provider.d.ts" />
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type FindAccount } from "oidc-provider";

export interface TestAccount {
  /** Also what is typed into the login form (devInteractions signs in whoever is named). */
  sub: string;
  email: string;
  name?: string;
  role?: string | string[];
  groups?: string[];
}

export interface OidcProviderOptions {
  redirectUris: string[];
  /** Read again at every sign-in: a test may change a claim between two sign-ins. */
  accounts: TestAccount[];
  clientId?: string;
  clientSecret?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /**
   * Serve the token, userinfo and JWKS endpoints on a second port too and name them there in
   * discovery, as providers do whose endpoints span hosts (Google: accounts.google.com and
   * oauth2.googleapis.com; Microsoft Entra: userinfo on graph.microsoft.com).
   */
  splitEndpoints?: boolean;
}

export interface RunningOidcProvider {
  /** http://127.0.0.1:<port>; discovery at <issuer>/.well-known/openid-configuration. */
  issuer: string;
  stop(): Promise<void>;
}

export const TEST_CLIENT = { id: "tracelight", secret: "tracelight-test-secret" };

export async function startOidcProvider(options: OidcProviderOptions): Promise<RunningOidcProvider> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const findAccount: FindAccount = async (_ctx, sub) => {
    const account = options.accounts.find((a) => a.sub === sub);
    if (!account) return undefined;
    return {
      accountId: account.sub,
      claims: () => ({
        sub: account.sub,
        email: account.email,
        email_verified: true,
        name: account.name ?? account.email.split("@")[0],
        ...(account.role !== undefined ? { role: account.role } : {}),
        ...(account.groups !== undefined ? { groups: account.groups } : {}),
      }),
    };
  };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId ?? TEST_CLIENT.id,
        client_secret: options.clientSecret ?? TEST_CLIENT.secret,
        redirect_uris: options.redirectUris,
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name"],
      tracelight: ["role", "groups"],
    },
    scopes: ["openid", "email", "profile", "offline_access", "tracelight"],
    // Scope claims go into the ID token too, not only /userinfo, as many real providers do.
    conformIdTokenClaims: false,
    findAccount,
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    cookies: { keys: [randomBytes(16).toString("hex")] },
  });
  // Otherwise a failure inside the provider shows only as a 500 page in the test's output.
  provider.on("server_error", (_ctx, error) => console.error("oidc-provider server_error:", error));
  server.on("request", provider.callback());
  const servers = [server];
  if (options.splitEndpoints) {
    const other = createServer(provider.callback());
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    servers.push(other);
    const otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    provider.use(async (ctx, next) => {
      await next();
      if (ctx.path !== "/.well-known/openid-configuration") return;
      const body = ctx.body as Record<string, unknown>;
      for (const key of ["token_endpoint", "userinfo_endpoint", "jwks_uri"]) {
        body[key] = String(body[key]).replace(issuer, otherOrigin);
      }
    });
  }

  return {
    issuer,
    stop: () =>
      Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.closeAllConnections();
              s.close(() => resolve());
            }),
        ),
      ).then(() => undefined),
  };
}
