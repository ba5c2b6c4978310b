// /settings/ingest-keys: the keys OTLP senders (SDKs, collectors, the agent) present to ingest.
"use client";

import { CredentialPanel } from "./credential-panel.tsx";
import { useCreateIngestKey, useIngestKeys, useRevokeIngestKey } from "./use-settings-data.ts";

export function IngestKeysView() {
  return (
    <CredentialPanel
      kind="ingest-key"
      noun="ingest key"
      list={useIngestKeys()}
      create={useCreateIngestKey()}
      revoke={useRevokeIngestKey()}
      withRole={false}
      usage={
        <>
          Configure OTLP exporters with the header <code>Authorization: Bearer &lt;key&gt;</code>.
        </>
      }
      empty="No ingest keys in the store. Keys set in TRACELIGHT_INGEST_KEYS still work and are not listed here."
    />
  );
}
