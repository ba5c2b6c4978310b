// /setup: the first visit creates the admin account (the api refuses once any user exists) and
// signs it in.
"use client";

import { type MeResponse, MIN_PASSWORD_LENGTH, SetupBodySchema } from "@tracelight/contracts";
import { type FormEvent, useState } from "react";
import { apiSend, browser } from "../../lib/api.ts";
import { errorMessage, Field, FormErrors, INPUT, PRIMARY_BUTTON } from "../alerts/ui.tsx";
import { AuthCard } from "./auth-card.tsx";

interface Draft {
  email: string;
  name: string;
  password: string;
  confirm: string;
}

/** What is wrong with the draft, by field; empty when it can be sent. */
export function checkSetup(draft: Draft): Partial<Record<keyof Draft, string>> {
  const errors: Partial<Record<keyof Draft, string>> = {};
  const parsed = SetupBodySchema.safeParse(draft);
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as keyof Draft;
      errors[field] ??=
        field === "email" ? "enter an email address" : field === "name" ? "enter a name" : issue.message;
    }
  if (draft.confirm !== draft.password) errors.confirm = "the two passwords differ";
  return errors;
}

export function SetupView() {
  const [draft, setDraft] = useState<Draft>({ email: "", name: "", password: "", confirm: "" });
  const [submitted, setSubmitted] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const errors = submitted ? checkSetup(draft) : {};

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (Object.keys(checkSetup(draft)).length > 0) return;
    setPending(true);
    setError(undefined);
    try {
      await apiSend<MeResponse>("POST", "/auth/setup", {
        email: draft.email,
        name: draft.name,
        password: draft.password,
      });
      browser.assign("/");
    } catch (caught) {
      setError(errorMessage(caught));
      setPending(false);
    }
  };
  const input = (field: keyof Draft, type: string, autoComplete: string) => (
    <input
      data-testid={`setup-${field}`}
      className={`${INPUT} w-full`}
      type={type}
      autoComplete={autoComplete}
      value={draft[field]}
      aria-invalid={errors[field] !== undefined}
      onChange={(e) => setDraft({ ...draft, [field]: e.target.value })}
    />
  );

  return (
    <AuthCard
      title="Create the admin account"
      intro="No one has an account yet. The account you create here is the first admin; it can invite everyone else."
      testId="setup-page"
    >
      <form onSubmit={(e) => void submit(e)} noValidate className="space-y-3" data-testid="setup-form">
        <FormErrors messages={error ? [error] : []} testId="setup-error" />
        <Field label="Email" testId="setup-email" error={errors.email}>
          {input("email", "email", "username")}
        </Field>
        <Field label="Name" testId="setup-name" error={errors.name}>
          {input("name", "text", "name")}
        </Field>
        <Field
          label="Password"
          testId="setup-password"
          error={errors.password}
          hint={`at least ${MIN_PASSWORD_LENGTH} characters`}
        >
          {input("password", "password", "new-password")}
        </Field>
        <Field label="Confirm password" testId="setup-confirm" error={errors.confirm}>
          {input("confirm", "password", "new-password")}
        </Field>
        <button type="submit" className={`${PRIMARY_BUTTON} w-full`} disabled={pending} data-testid="setup-submit">
          {pending ? "Creating…" : "Create admin and sign in"}
        </button>
      </form>
    </AuthCard>
  );
}
