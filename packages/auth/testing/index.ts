// Test helpers for sign-in: a real OpenID Connect provider and a browserless login through it.
export { headlessLogin } from "./headless-login.ts";
export {
  type OidcProviderOptions,
  type RunningOidcProvider,
  startOidcProvider,
  TEST_CLIENT,
  type TestAccount,
} from "./oidc-provider.ts";
