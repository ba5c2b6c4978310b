// Users as admins manage them: list, create, change role, disable, reset password, delete, with
// the rules a team needs (the last enabled admin stays; a disabled user is signed out and their
// tokens refused), each change in the audit log.
import type { Role, UserView } from "@tracelight/contracts";
import type { Database } from "@tracelight/db";
import type { AuditLog } from "./audit-log.ts";
import { type BetterAuth, isRole } from "./create-auth.ts";
import type { Keys } from "./keys.ts";
import { AccountError, type Principal } from "./principal.ts";

type UserRow = {
  id: string;
  email: string;
  name: string;
  role: string | null;
  banned: boolean | null;
  createdAt: Date;
  accounts?: { providerId: string }[];
};

export function userView(row: UserRow): UserView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: isRole(row.role) ? row.role : "viewer",
    disabled: row.banned === true,
    signIn: [...new Set((row.accounts ?? []).map((a) => (a.providerId === "credential" ? "password" : "oidc")))],
    createdAt: row.createdAt.toISOString(),
  };
}

export class Users {
  constructor(
    private readonly auth: BetterAuth,
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly keys: Keys,
  ) {}

  async list(): Promise<UserView[]> {
    const rows = await this.db.prisma.user.findMany({ include: { accounts: true }, orderBy: { email: "asc" } });
    return rows.map(userView);
  }

  async create(
    actor: Principal,
    input: { email: string; name: string; role: Role; password: string },
  ): Promise<UserView> {
    if (await this.db.prisma.user.findUnique({ where: { email: input.email } })) {
      throw new AccountError(409, "conflict", `email: a user with ${input.email} exists`);
    }
    const created = await this.createRow(input);
    await this.audit.recordChange(actor, "user.create", "user", created.id, input.email, { role: input.role });
    return created;
  }

  /** Makes the user without a check or an audit entry (first-run setup and the env admin do their own). */
  async createRow(input: { email: string; name: string; role: Role; password: string }): Promise<UserView> {
    const { user } = await this.auth.api.createUser({
      // The admin plugin's types know only its default roles; it stores any role string.
      body: { email: input.email, name: input.name, password: input.password, role: input.role as "admin" },
    });
    const row = await this.db.prisma.user.findUniqueOrThrow({ where: { id: user.id }, include: { accounts: true } });
    return userView(row);
  }

  async update(
    actor: Principal,
    id: string,
    change: { name?: string; role?: Role; disabled?: boolean; password?: string },
  ): Promise<UserView> {
    const before = await this.db.prisma.user.findUnique({ where: { id } });
    if (!before) throw new AccountError(404, "not_found", `no user ${id}`);
    const losesAdmin =
      before.role === "admin" &&
      !before.banned &&
      ((change.role && change.role !== "admin") || change.disabled === true);
    if (losesAdmin) await this.refuseLastAdmin(id);
    await this.db.prisma.user.update({
      where: { id },
      data: {
        ...(change.name !== undefined ? { name: change.name } : {}),
        ...(change.role !== undefined ? { role: change.role } : {}),
        ...(change.disabled !== undefined ? { banned: change.disabled } : {}),
      },
    });
    this.keys.forgetTokens();
    // A disabled user is signed out everywhere (their tokens are refused while disabled).
    if (change.disabled === true) await this.db.prisma.session.deleteMany({ where: { userId: id } });
    if (change.password !== undefined) await this.setPassword(id, change.password);
    const fields = Object.keys(change).filter((key) => key !== "password");
    await this.audit.recordChange(actor, "user.update", "user", id, before.email, {
      changed: change.password === undefined ? fields : [...fields, "password"],
      ...(change.role ? { role: change.role } : {}),
      ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
    });
    const row = await this.db.prisma.user.findUniqueOrThrow({ where: { id }, include: { accounts: true } });
    return userView(row);
  }

  private async setPassword(userId: string, password: string): Promise<void> {
    const context = await this.auth.$context;
    const hashed = await context.password.hash(password);
    const credential = await this.db.prisma.account.findFirst({ where: { userId, providerId: "credential" } });
    if (credential) await context.internalAdapter.updatePassword(userId, hashed);
    else
      await context.internalAdapter.linkAccount({
        userId,
        providerId: "credential",
        accountId: userId,
        password: hashed,
      });
    // An admin's reset signs the user out everywhere.
    await this.db.prisma.session.deleteMany({ where: { userId } });
  }

  async delete(actor: Principal, id: string): Promise<void> {
    const user = await this.db.prisma.user.findUnique({ where: { id } });
    if (!user) throw new AccountError(404, "not_found", `no user ${id}`);
    if (user.role === "admin" && !user.banned) await this.refuseLastAdmin(id);
    // API tokens act for their maker and go with them (the plugin's rows hold no foreign key).
    // Ingest keys serve the collectors, not the person: they pass to the admin deleting the
    // maker, as deleting them could reopen OTLP or cut collectors off.
    await this.db.prisma.apikey.deleteMany({ where: { referenceId: id, configId: "api" } });
    await this.db.prisma.apikey.updateMany({ where: { referenceId: id }, data: { referenceId: actor.userId } });
    this.keys.forgetTokens();
    await this.db.prisma.user.delete({ where: { id } });
    await this.audit.recordChange(actor, "user.delete", "user", id, user.email);
  }

  private async refuseLastAdmin(id: string): Promise<void> {
    const others = await this.db.prisma.user.count({
      where: { role: "admin", banned: { not: true }, id: { not: id } },
    });
    if (others === 0)
      throw new AccountError(409, "conflict", "this is the last enabled admin: make another admin first");
  }
}
