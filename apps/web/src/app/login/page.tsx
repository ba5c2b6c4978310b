import type { AuthProvidersResponse } from "@tracelight/contracts";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginView } from "../../features/auth/login-view.tsx";
import { safeReturnTo } from "../../lib/return-to.ts";
import { ApiUnreachable, authProviders, currentUser } from "../../server/session.ts";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ returnTo?: string | string[] }> }) {
  const raw = (await searchParams).returnTo;
  const returnTo = safeReturnTo(Array.isArray(raw) ? raw[0] : raw);
  let providers: AuthProvidersResponse | null = null;
  let problem: string | undefined;
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
