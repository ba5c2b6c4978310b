import type { AuthProvidersResponse } from "@tracelight/contracts";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginView } from "../../features/auth/login-view.tsx";
import { first, type LoginSearchParams, ssoProblem } from "../../features/auth/sso-problem.ts";
import { safeReturnTo } from "../../lib/return-to.ts";
import { ApiUnreachable, authProviders, currentUser } from "../../server/session.ts";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<LoginSearchParams> }) {
  const params = await searchParams;
  const returnTo = safeReturnTo(first(params.returnTo));
  let providers: AuthProvidersResponse | null = null;
  let problem = ssoProblem(params);
  try {
    providers = await authProviders();
  } catch (error) {
    if (!(error instanceof ApiUnreachable)) throw error;
    problem = `Cannot sign in right now: ${error.message}.`;
  }
  if (providers?.setupNeeded) redirect("/setup");
  if (providers && (await currentUser())) redirect(returnTo);
  return <LoginView providers={providers} returnTo={returnTo} problem={problem} />;
}
