// /settings/tokens: API tokens for automation. Each acts with the role it was given.
"use client";

import { CredentialPanel } from "./credential-panel.tsx";
import { useCreateToken, useRevokeToken, useTokens } from "./use-settings-data.ts";

export function TokensView() {
  return (
    <CredentialPanel
      kind="token"
      noun="API token"
      list={useTokens()}
      create={useCreateToken()}
      revoke={useRevokeToken()}
      withRole
      usage={
        <>
          Send it as <code>Authorization: Bearer &lt;token&gt;</code> to any <code>/api/v1</code> route.
        </>
      }
      empty="No API tokens. A token lets a script or CI job use the API with the role you give it."
    />
  );
}
