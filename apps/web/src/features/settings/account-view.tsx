// /settings/account: who you are, and a new password (the current one is asked again).
"use client";

import { MIN_PASSWORD_LENGTH, PasswordChangeBodySchema } from "@tracelight/contracts";
import { type FormEvent, useState } from "react";
import { Panel } from "../../components/panel.tsx";
import { useMe } from "../../lib/use-me.tsx";
import { errorMessage, Field, FormErrors, INPUT, PRIMARY_BUTTON } from "../alerts/ui.tsx";
import { useChangePassword } from "./use-settings-data.ts";

const EMPTY = { currentPassword: "", newPassword: "", confirm: "" };

/** Why the form cannot be sent yet, or undefined. */
export function passwordProblem(draft: typeof EMPTY): string | undefined {
  const parsed = PasswordChangeBodySchema.safeParse(draft);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return issue?.path[0] === "currentPassword" ? "Enter your current password." : `New password: ${issue?.message}.`;
  }
  if (draft.confirm !== draft.newPassword) return "The two new passwords differ.";
  return undefined;
}

export function AccountView() {
  const me = useMe().data;
  const change = useChangePassword();
  const [draft, setDraft] = useState(EMPTY);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [changed, setChanged] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = passwordProblem(draft);
    setProblem(found);
    if (found) return;
    change.mutate(
      { currentPassword: draft.currentPassword, newPassword: draft.newPassword },
      {
        onSuccess: () => {
          setDraft(EMPTY);
          setChanged(true);
        },
      },
    );
  };
  const input = (field: keyof typeof EMPTY, label: string, autoComplete: string) => (
    <Field label={label} testId={`account-${field}`}>
      <input
        data-testid={`account-${field}`}
        className={`${INPUT} w-64`}
        type="password"
        autoComplete={autoComplete}
        value={draft[field]}
        onChange={(e) => {
          setDraft({ ...draft, [field]: e.target.value });
          setChanged(false);
        }}
      />
    </Field>
  );

  return (
    <div className="space-y-3">
      {me && (
        <Panel title="Your account" testId="account-info">
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
            <dt className="text-slate-500">Email</dt>
            <dd data-testid="account-email">{me.user.email}</dd>
            <dt className="text-slate-500">Name</dt>
            <dd>{me.user.name}</dd>
            <dt className="text-slate-500">Role</dt>
            <dd data-testid="account-role">{me.user.role}</dd>
          </dl>
        </Panel>
      )}
      <Panel title="Change password" testId="account-password-panel">
        {me && !me.user.signIn.includes("password") ? (
          <p className="text-sm text-slate-500 dark:text-slate-400">
            You sign in through your organisation&apos;s identity provider; your password is managed there.
          </p>
        ) : (
          <form onSubmit={submit} noValidate className="space-y-3" data-testid="account-password-form">
            {input("currentPassword", "Current password", "current-password")}
            {input("newPassword", `New password (at least ${MIN_PASSWORD_LENGTH} characters)`, "new-password")}
            {input("confirm", "New password again", "new-password")}
            <FormErrors
              messages={[...(problem ? [problem] : []), ...(change.error ? [errorMessage(change.error)] : [])]}
              testId="account-password-error"
            />
            {changed && (
              <p className="text-sm text-emerald-700 dark:text-emerald-400" data-testid="account-password-changed">
                Password changed.
              </p>
            )}
            <button type="submit" className={PRIMARY_BUTTON} disabled={change.isPending} data-testid="account-submit">
              Change password
            </button>
          </form>
        )}
      </Panel>
    </div>
  );
}
