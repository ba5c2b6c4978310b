// The admin account of `TRACELIGHT_DEMO=1 npm start` when the environment names none:
// admin@tracelight.local with a random password, made once and kept in the data directory
// (owner-only), so a restart signs in with the same one. `npm run tour` reads it back.
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const DEMO_ADMIN_EMAIL = "admin@tracelight.local";

export const demoAdminPasswordFile = (dataDir: string): string => join(dataDir, "demo-admin-password");

/** The kept password, if there is one. */
export function readDemoAdminPassword(dataDir: string): string | undefined {
  try {
    return readFileSync(demoAdminPasswordFile(dataDir), "utf8").trim() || undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** The kept password, or a new one written there first (the data directory must exist). */
export function demoAdminPassword(dataDir: string): string {
  const kept = readDemoAdminPassword(dataDir);
  if (kept !== undefined) return kept;
  const password = randomBytes(18).toString("base64url");
  writeFileSync(demoAdminPasswordFile(dataDir), `${password}\n`, { mode: 0o600, flag: "wx" });
  return password;
}
