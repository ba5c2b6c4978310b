// /settings/users: everyone who can sign in; an admin adds people, changes a role, disables or
// enables an account, sets a new password, or deletes one. Your own account is changed under
// Account (disabling or deleting yourself would lock you out).
"use client";

import { MIN_PASSWORD_LENGTH, ROLES, type Role, type UserView } from "@tracelight/contracts";
import { type FormEvent, useState } from "react";
import { Panel, QueryView } from "../../components/panel.tsx";
import { useMe } from "../../lib/use-me.tsx";
import { BUTTON, ConfirmDeleteButton, errorMessage, Field, FormErrors, INPUT, PRIMARY_BUTTON } from "../alerts/ui.tsx";
import { ROW, TABLE, TD, TH, When } from "./settings-ui.tsx";
import { type UserCreate, useCreateUser, useDeleteUser, useUpdateUser, useUsers } from "./use-settings-data.ts";

const EMPTY: UserCreate = { email: "", name: "", role: "viewer", password: "" };

function RoleSelect(props: { value: Role; onChange: (role: Role) => void; testId: string; disabled?: boolean }) {
  return (
    <select
      data-testid={props.testId}
      className={INPUT}
      value={props.value}
      disabled={props.disabled}
      onChange={(e) => props.onChange(e.target.value as Role)}
    >
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {r}
        </option>
      ))}
    </select>
  );
}

function CreateUser() {
  const [draft, setDraft] = useState<UserCreate>(EMPTY);
  const [created, setCreated] = useState<string | undefined>(undefined);
  const create = useCreateUser();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(draft, {
      onSuccess: (user) => {
        setCreated(user.email);
        setDraft(EMPTY);
      },
    });
  };
  const text = (field: "email" | "name" | "password", label: string, type = "text") => (
    <Field label={label} testId={`user-new-${field}`}>
      <input
        data-testid={`user-new-${field}`}
        className={`${INPUT} w-48`}
        type={type}
        autoComplete={type === "password" ? "new-password" : "off"}
        value={draft[field]}
        onChange={(e) => {
          setDraft({ ...draft, [field]: e.target.value });
          setCreated(undefined);
        }}
      />
    </Field>
  );
  return (
    <Panel title="Add a user" testId="user-new-panel">
      <form onSubmit={submit} noValidate className="space-y-2" data-testid="user-form">
        <div className="flex flex-wrap items-end gap-3">
          {text("email", "Email", "email")}
          {text("name", "Name")}
          <Field label="Role" testId="user-new-role">
            <RoleSelect testId="user-new-role" value={draft.role} onChange={(role) => setDraft({ ...draft, role })} />
          </Field>
          {text("password", `Password (at least ${MIN_PASSWORD_LENGTH} characters)`, "password")}
          <button type="submit" className={PRIMARY_BUTTON} disabled={create.isPending} data-testid="user-create">
            Add user
          </button>
        </div>
        <FormErrors messages={create.error ? [errorMessage(create.error)] : []} testId="user-create-error" />
        {created && (
          <p className="text-sm text-emerald-700 dark:text-emerald-400" data-testid="user-created">
            {created} can now sign in with that password.
          </p>
        )}
      </form>
    </Panel>
  );
}

function PasswordReset({ user, onDone }: { user: UserView; onDone: () => void }) {
  const [password, setPassword] = useState("");
  const update = useUpdateUser();
  return (
    <form
      className="mt-1 flex flex-wrap items-center gap-2"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        update.mutate({ id: user.id, patch: { password } }, { onSuccess: onDone });
      }}
    >
      <input
        data-testid={`user-password-${user.email}`}
        className={`${INPUT} w-48`}
        type="password"
        autoComplete="new-password"
        placeholder="new password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <button
        type="submit"
        className={PRIMARY_BUTTON}
        disabled={update.isPending}
        data-testid={`user-password-save-${user.email}`}
      >
        Set password
      </button>
      <button type="button" className={BUTTON} onClick={onDone}>
        Cancel
      </button>
      <FormErrors messages={update.error ? [errorMessage(update.error)] : []} testId="user-password-error" />
    </form>
  );
}

function UserRow({ user, self }: { user: UserView; self: boolean }) {
  const update = useUpdateUser();
  const remove = useDeleteUser();
  const [resetting, setResetting] = useState(false);
  const [reset, setReset] = useState(false);
  const errors = [
    ...(update.error ? [errorMessage(update.error)] : []),
    ...(remove.error ? [`Could not delete: ${errorMessage(remove.error)}`] : []),
  ];
  return (
    <tr className={ROW} data-testid="user-row" data-email={user.email} data-disabled={user.disabled}>
      <td className={TD}>
        <div className="font-medium">
          {user.email}
          {self && <span className="ml-1 text-xs text-slate-500">(you)</span>}
        </div>
        <div className="text-xs text-slate-500 dark:text-slate-400">{user.name}</div>
      </td>
      <td className={TD}>
        <RoleSelect
          testId={`user-role-${user.email}`}
          value={user.role}
          disabled={self || update.isPending}
          onChange={(role) => update.mutate({ id: user.id, patch: { role } })}
        />
      </td>
      <td className={TD} data-testid="user-status">
        {user.disabled ? <span className="text-red-700 dark:text-red-400">disabled</span> : "active"}
      </td>
      <td className={`${TD} text-xs`}>{user.signIn.join(", ") || "—"}</td>
      <td className={TD}>
        <When iso={user.createdAt} />
      </td>
      <td className={`${TD} text-right`}>
        {!self && (
          <span className="flex flex-wrap justify-end gap-1.5">
            <button
              type="button"
              className={BUTTON}
              disabled={update.isPending}
              data-testid={`user-toggle-${user.email}`}
              onClick={() => update.mutate({ id: user.id, patch: { disabled: !user.disabled } })}
            >
              {user.disabled ? "Enable" : "Disable"}
            </button>
            <button
              type="button"
              className={BUTTON}
              data-testid={`user-reset-${user.email}`}
              onClick={() => {
                setResetting(true);
                setReset(false);
              }}
            >
              Reset password
            </button>
            <ConfirmDeleteButton
              question={`Delete ${user.email}?`}
              pending={remove.isPending}
              onConfirm={(done) => remove.mutate(user.id, { onSettled: done })}
              testId={`user-delete-${user.email}`}
            />
          </span>
        )}
        {resetting && (
          <PasswordReset
            user={user}
            onDone={() => {
              setResetting(false);
              setReset(true);
            }}
          />
        )}
        {reset && !resetting && <p className="text-xs text-emerald-700 dark:text-emerald-400">Password set.</p>}
        <FormErrors messages={errors} testId="user-row-error" />
      </td>
    </tr>
  );
}

export function UsersView() {
  const users = useUsers();
  const me = useMe().data;
  return (
    <div className="space-y-3">
      <CreateUser />
      <Panel title="Users" testId="users-list">
        <QueryView query={users} isEmpty={(list) => list.length === 0} empty="No users.">
          {(list) => (
            <table className={TABLE} data-testid="users-table">
              <thead>
                <tr>
                  <th className={TH}>User</th>
                  <th className={TH}>Role</th>
                  <th className={TH}>Status</th>
                  <th className={TH}>Signs in with</th>
                  <th className={TH}>Created</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {list.map((user) => (
                  <UserRow key={user.id} user={user} self={user.id === me?.user.id} />
                ))}
              </tbody>
            </table>
          )}
        </QueryView>
      </Panel>
    </div>
  );
}
