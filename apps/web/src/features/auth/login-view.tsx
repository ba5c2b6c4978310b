// /login: email and password, or the configured OpenID Connect provider; on success the browser
// loads `returnTo` (already checked to be a path on this site) with its new session cookie.
"use client";

import { type AuthProvidersResponse, LoginBodySchema, type MeResponse } from "@tracelight/contracts";
import { type FormEvent, useState } from "react";
import { ApiRequestError, apiSend, browser } from "../../lib/api.ts";
import { errorMessage, Field, FormErrors, INPUT, PRIMARY_BUTTON } from "../alerts/ui.tsx";
import { AuthCard } from "./auth-card.tsx";

/** The provider's start path with where to come back to; only a path on this site is linked. */
export function oidcHref(signInPath: string, returnTo: string): string | undefined {
  if (!signInPath.startsWith("/") || signInPath.startsWith("//")) return undefined;
  const url = new URL(signInPath, "http://site.invalid");
  url.searchParams.set("returnTo", returnTo);
  return url.pathname + url.search;
}

export function signInError(error: unknown): string {
  if (error instanceof ApiRequestError && error.status === 429)
    return `Too many sign-in attempts: wait a few minutes before trying again. (${error.message})`;
  return errorMessage(error);
}

export function LoginView(props: {
  providers: AuthProvidersResponse | null;
  returnTo: string;
  /** Why the providers could not be read (the api is down), shown above the form. */
  problem?: string;
}) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | undefined>(props.problem);
  const oidc = props.providers?.oidc ?? null;
  const oidcLink = oidc ? oidcHref(oidc.signInPath, props.returnTo) : undefined;
  const passwordAllowed = props.providers?.password ?? true;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = LoginBodySchema.safeParse({ email, password });
    if (!body.success) return setError("Enter your email address and password.");
    setPending(true);
    setError(undefined);
    try {
      await apiSend<MeResponse>("POST", "/auth/login", body.data);
      browser.assign(props.returnTo);
    } catch (caught) {
      setError(signInError(caught));
      setPending(false);
    }
  };

  return (
    <AuthCard title="Sign in" testId="login-page">
      <div className="space-y-3">
        <FormErrors messages={error ? [error] : []} testId="login-error" />
        {passwordAllowed && (
          <form onSubmit={(e) => void submit(e)} noValidate className="space-y-3" data-testid="login-form">
            <Field label="Email" testId="login-email">
              <input
                data-testid="login-email"
                className={`${INPUT} w-full`}
                type="email"
                autoComplete="username"
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            </Field>
            <Field label="Password" testId="login-password">
              <input
                data-testid="login-password"
                className={`${INPUT} w-full`}
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </Field>
            <button type="submit" className={`${PRIMARY_BUTTON} w-full`} disabled={pending} data-testid="login-submit">
              {pending ? "Signing in…" : "Sign in"}
            </button>
          </form>
        )}
        {oidc && oidcLink && (
          <a
            href={oidcLink}
            data-testid="login-oidc"
            className="block rounded border border-slate-300 px-3 py-1.5 text-center text-sm hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
          >
            Sign in with {oidc.name}
          </a>
        )}
      </div>
    </AuthCard>
  );
}
