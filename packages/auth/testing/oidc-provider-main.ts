// The test OpenID Connect provider as a process of its own, for the Playwright suite:
//   node --import tsx packages/auth/testing/oidc-provider-main.ts --port 4455 \
//     --redirect-uri http://localhost:3000/api/auth/sso/callback/oidc \
//     --accounts '[{"sub":"ada","email":"ada@example.test","role":"admin"}]'
// Each flag may come from the environment instead (OIDC_PORT, OIDC_REDIRECT_URIS
// comma-separated, OIDC_ACCOUNTS, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET). Prints the issuer URL
// on one line once it listens; stops on SIGINT/SIGTERM.
import { parseArgs } from "node:util";
import { startOidcProvider, type TestAccount } from "./oidc-provider.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    "redirect-uri": { type: "string", multiple: true },
    accounts: { type: "string" },
    "client-id": { type: "string" },
    "client-secret": { type: "string" },
  },
});
const env = process.env;

function fail(message: string): never {
  console.error(`oidc-provider-main: ${message}`);
  process.exit(2);
}

function parseAccounts(text: string | undefined): TestAccount[] {
  if (!text) fail("--accounts (or OIDC_ACCOUNTS) is required: a JSON list of {sub, email, name?, role?, groups?}");
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch (error) {
    fail(`--accounts is not JSON: ${(error as Error).message}`);
  }
  const valid = (a: unknown) =>
    typeof a === "object" &&
    a !== null &&
    typeof (a as TestAccount).sub === "string" &&
    typeof (a as TestAccount).email === "string";
  if (!Array.isArray(list) || list.length === 0 || !list.every(valid)) {
    fail("--accounts must be a non-empty JSON list of objects with string sub and email");
  }
  return list as TestAccount[];
}

const port = Number(values.port ?? env.OIDC_PORT ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65_535) fail(`--port: "${values.port ?? env.OIDC_PORT}" is no port`);
const redirectUris =
  values["redirect-uri"] ??
  (env.OIDC_REDIRECT_URIS ?? "")
    .split(",")
    .map((uri) => uri.trim())
    .filter(Boolean);
if (redirectUris.length === 0) fail("--redirect-uri (or OIDC_REDIRECT_URIS) is required");

const provider = await startOidcProvider({
  port,
  redirectUris,
  accounts: parseAccounts(values.accounts ?? env.OIDC_ACCOUNTS),
  clientId: values["client-id"] ?? env.OIDC_CLIENT_ID,
  clientSecret: values["client-secret"] ?? env.OIDC_CLIENT_SECRET,
});
console.log(provider.issuer);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void provider.stop().then(() => process.exit(0)));
}
