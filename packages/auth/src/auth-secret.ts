// The key that signs session cookies: TRACELIGHT_AUTH_SECRET when set, else one made at first
// start and kept in the metadata database, so every replica signs and checks with the same one.
import { randomBytes } from "node:crypto";
import type { Database } from "@tracelight/db";

const KEY = "auth.secret";
export const MIN_SECRET_LENGTH = 32;

export async function authSecret(db: Database, configured: string | undefined): Promise<string> {
  if (configured !== undefined) return configured;
  const existing = await db.prisma.instanceSetting.findUnique({ where: { key: KEY } });
  if (existing) return existing.value;
  const made = randomBytes(32).toString("base64url");
  try {
    await db.prisma.instanceSetting.create({ data: { key: KEY, value: made } });
    return made;
  } catch {
    // Another replica made it first.
    const winner = await db.prisma.instanceSetting.findUniqueOrThrow({ where: { key: KEY } });
    return winner.value;
  }
}
