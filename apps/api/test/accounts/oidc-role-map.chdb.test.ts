// OpenID Connect roles from a groups claim through TRACELIGHT_OIDC_ROLE_MAP, against the real
// api and a real provider: the highest mapped role wins, no mapped group → the default role.
import type { TestAccount } from "@tracelight/auth/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { me, type OidcStack, signIn, startOidcStack } from "./oidc-harness.ts";

const accounts: TestAccount[] = [
  { sub: "grace", email: "grace@example.test", groups: ["staff", "obs-editors", "obs-admins"] },
  { sub: "linus", email: "linus@example.test", groups: ["obs-editors", "staff"] },
  { sub: "ken", email: "ken@example.test", groups: ["staff"] },
  // A `role` claim saying admin counts for nothing when the role claim is `groups`.
  { sub: "mallory", email: "mallory@example.test", role: "admin", groups: [] },
];
let stack: OidcStack;

beforeAll(async () => {
  stack = await startOidcStack(accounts, {
    TRACELIGHT_OIDC_ROLE_CLAIM: "groups",
    TRACELIGHT_OIDC_ROLE_MAP: "obs-admins=admin,obs-editors=editor",
    TRACELIGHT_OIDC_DEFAULT_ROLE: "viewer",
  });
});
afterAll(async () => {
  await stack?.close();
});

it.each([
  ["grace", "admin"],
  ["linus", "editor"],
  ["ken", "viewer"],
  ["mallory", "viewer"],
])("%s signs in as %s", async (sub, role) => {
  const outcome = await signIn(stack, sub);
  expect(outcome.location).toBe("/traces");
  const answer = await me(stack, outcome.cookie);
  expect(answer).toMatchObject({ user: { email: `${sub}@example.test`, role } });
  const row = await stack.t.service.db.prisma.user.findUniqueOrThrow({ where: { email: `${sub}@example.test` } });
  expect(row.role).toBe(role);
});

it("a group taken away lowers the role at the next sign-in", async () => {
  const linus = accounts[1] as TestAccount;
  linus.groups = ["staff"];
  expect(await me(stack, (await signIn(stack, linus.sub)).cookie)).toMatchObject({ user: { role: "viewer" } });
});
