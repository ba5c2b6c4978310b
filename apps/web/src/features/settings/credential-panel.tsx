// API tokens and ingest keys look alike: a name, an optional expiry (and for tokens a role), a
// secret shown once at creation, a list that shows only the secret's first characters, and
// revoke after a confirmation. Test ids start with `kind`: `<kind>-create`, `<kind>-name`,
// `<kind>-role`, `<kind>-expiry`, `<kind>-secret`, `<kind>-row`, `<kind>-revoke-<name>`.
"use client";

import type { UseMutationResult, UseQueryResult } from "@tanstack/react-query";
import { type CreatedSecret, ROLES, type Role } from "@tracelight/contracts";
import { type FormEvent, type ReactNode, useState } from "react";
import { Panel, QueryView } from "../../components/panel.tsx";
import { ConfirmDeleteButton, errorMessage, Field, FormErrors, INPUT, PRIMARY_BUTTON } from "../alerts/ui.tsx";
import { ROW, SecretBox, TABLE, TD, TH, When } from "./settings-ui.tsx";
import type { CredentialCreate } from "./use-settings-data.ts";

export interface Credential {
  id: string;
  name: string;
  start: string | null;
  role?: Role;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

const DAY_MS = 86_400_000;
export const EXPIRY_CHOICES = [
  { value: "", label: "Never" },
  { value: "7", label: "7 days" },
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "1 year" },
] as const;

/** The expiry to send for a choice of days from now; undefined for "never". */
export function expiresAt(days: string, now = Date.now()): string | undefined {
  return days === "" ? undefined : new Date(now + Number(days) * DAY_MS).toISOString();
}

export function CredentialPanel(props: {
  kind: "token" | "ingest-key";
  /** "API token", "ingest key". */
  noun: string;
  list: UseQueryResult<Credential[]>;
  create: UseMutationResult<CreatedSecret, Error, CredentialCreate>;
  revoke: UseMutationResult<void, Error, string>;
  withRole: boolean;
  /** How to use the secret, under it. */
  usage: ReactNode;
  empty: ReactNode;
}) {
  const { kind, create, revoke } = props;
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const [days, setDays] = useState("90");
  const [secret, setSecret] = useState<string | undefined>(undefined);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: CredentialCreate = { name: name.trim(), expiresAt: expiresAt(days) };
    if (props.withRole) body.role = role;
    create.mutate(body, {
      onSuccess: (created) => {
        setSecret(created.token);
        setName("");
      },
    });
  };
  const errors = [
    ...(create.error ? [`Could not create: ${errorMessage(create.error)}`] : []),
    ...(revoke.error ? [`Could not revoke: ${errorMessage(revoke.error)}`] : []),
  ];

  return (
    <div className="space-y-3">
      <Panel title={`New ${props.noun}`} testId={`${kind}-new-panel`}>
        <form onSubmit={submit} noValidate className="flex flex-wrap items-end gap-3" data-testid={`${kind}-form`}>
          <Field label="Name" testId={`${kind}-name`}>
            <input
              data-testid={`${kind}-name`}
              className={`${INPUT} w-56`}
              value={name}
              placeholder={kind === "token" ? "ci-deploy" : "prod-collector"}
              onChange={(e) => setName(e.target.value)}
            />
          </Field>
          {props.withRole && (
            <Field label="Role" testId={`${kind}-role`}>
              <select
                data-testid={`${kind}-role`}
                className={INPUT}
                value={role}
                onChange={(e) => setRole(e.target.value as Role)}
              >
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            </Field>
          )}
          <Field label="Expires after" testId={`${kind}-expiry`}>
            <select
              data-testid={`${kind}-expiry`}
              className={INPUT}
              value={days}
              onChange={(e) => setDays(e.target.value)}
            >
              {EXPIRY_CHOICES.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
          </Field>
          <button
            type="submit"
            className={PRIMARY_BUTTON}
            disabled={create.isPending || name.trim() === ""}
            data-testid={`${kind}-create`}
          >
            Create {props.noun}
          </button>
        </form>
      </Panel>
      {secret !== undefined && (
        <SecretBox
          secret={secret}
          testId={`${kind}-secret`}
          usage={props.usage}
          onDismiss={() => setSecret(undefined)}
        />
      )}
      <FormErrors messages={errors} testId={`${kind}-error`} />
      <Panel title={`${props.noun[0]?.toUpperCase()}${props.noun.slice(1)}s`} testId={`${kind}-list`}>
        <QueryView query={props.list} isEmpty={(items) => items.length === 0} empty={props.empty}>
          {(items) => (
            <table className={TABLE} data-testid={`${kind}-table`}>
              <thead>
                <tr>
                  <th className={TH}>Name</th>
                  <th className={TH}>Starts with</th>
                  {props.withRole && <th className={TH}>Role</th>}
                  <th className={TH}>Created</th>
                  <th className={TH}>Expires</th>
                  <th className={TH}>Last used</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={item.id} className={ROW} data-testid={`${kind}-row`} data-name={item.name}>
                    <td className={`${TD} font-medium`}>{item.name}</td>
                    <td className={`${TD} font-mono text-xs`}>{item.start ? `${item.start}…` : "—"}</td>
                    {props.withRole && <td className={TD}>{item.role}</td>}
                    <td className={TD}>
                      <When iso={item.createdAt} />
                      <div className="text-xs text-slate-500 dark:text-slate-400">by {item.createdBy}</div>
                    </td>
                    <td className={TD}>
                      <When iso={item.expiresAt} empty="never" />
                    </td>
                    <td className={TD}>
                      <When iso={item.lastUsedAt} empty="never" />
                    </td>
                    <td className={`${TD} text-right`}>
                      <ConfirmDeleteButton
                        label="Revoke"
                        question={`Revoke ${item.name}? Whatever uses it stops working.`}
                        pending={revoke.isPending}
                        onConfirm={(done) => revoke.mutate(item.id, { onSettled: done })}
                        testId={`${kind}-revoke-${item.name}`}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </QueryView>
      </Panel>
    </div>
  );
}
