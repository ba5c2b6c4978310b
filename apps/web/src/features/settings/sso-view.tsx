// /settings/sso: the OpenID Connect provider the api is configured with (by environment), and
// what to register at the provider; without one, how to configure it.
"use client";

import type { SsoSettingsResponse } from "@tracelight/contracts";
import { Panel, QueryView } from "../../components/panel.tsx";
import { useSsoSettings } from "./use-settings-data.ts";

type Oidc = NonNullable<SsoSettingsResponse["oidc"]>;

function Row({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="grid grid-cols-[12rem_1fr] gap-2 py-1">
      <dt className="text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="break-all font-mono text-xs" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

function roleMapText(oidc: Oidc): string {
  const entries = Object.entries(oidc.roleMap).map(([value, role]) => `${value} → ${role}`);
  return entries.length === 0 ? "values named admin, editor or viewer" : entries.join(", ");
}

export function SsoView() {
  const settings = useSsoSettings();
  return (
    <Panel title="Single sign-on (OpenID Connect)" testId="sso-settings">
      <QueryView query={settings}>
        {({ oidc }) =>
          oidc === null ? (
            <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="sso-off">
              Not configured. Set TRACELIGHT_OIDC_ISSUER, TRACELIGHT_OIDC_CLIENT_ID and TRACELIGHT_OIDC_CLIENT_SECRET
              for the api (and optionally _SCOPES, _ROLE_CLAIM, _ROLE_MAP, _DEFAULT_ROLE, _NAME), then restart it.
            </p>
          ) : (
            <dl className="text-sm">
              <Row label="Redirect URI (register it)" value={oidc.redirectUri} testId="sso-redirect-uri" />
              <Row label="Issuer" value={oidc.issuer} testId="sso-issuer" />
              <Row label="Client ID" value={oidc.clientId} testId="sso-client-id" />
              <Row label="Scopes" value={oidc.scopes.join(" ")} testId="sso-scopes" />
              <Row label="Role claim" value={oidc.roleClaim} testId="sso-role-claim" />
              <Row label="Claim values → roles" value={roleMapText(oidc)} testId="sso-role-map" />
              <Row label="Role when none maps" value={oidc.defaultRole} testId="sso-default-role" />
              <Row label="Sign-in button" value={`Sign in with ${oidc.displayName}`} testId="sso-button" />
              <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">
                Set by the api&apos;s environment (TRACELIGHT_OIDC_*); the client secret is never shown.
              </p>
            </dl>
          )
        }
      </QueryView>
    </Panel>
  );
}
