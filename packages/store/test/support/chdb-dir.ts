// A fresh chDB data directory per test file (chDB allows one per process), removed afterwards.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function freshDir(label: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `tracelight-${label}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export const TTL = { traces: 7, logs: 7, metrics: 30 } as const;
