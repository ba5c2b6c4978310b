// The settings views against a stubbed api: what they list, what each button sends, and the
// one-time secret.
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import type { AuditEntry, SessionView, TokenView, UserView } from "@tracelight/contracts";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderWithClient, signedIn, stubApi } from "../alerts/test-harness.tsx";
import { AccountView } from "./account-view.tsx";
import { AuditView } from "./audit-view.tsx";
import { IngestKeysView } from "./ingest-keys-view.tsx";
import { SessionsView } from "./sessions-view.tsx";
import { SettingsNav } from "./settings-ui.tsx";
import { SsoView } from "./sso-view.tsx";
import { TokensView } from "./tokens-view.tsx";
import { UsersView } from "./users-view.tsx";

vi.mock("next/link", () => ({
  default: ({ href, children, ...rest }: { href: string; children: ReactNode }) => (
    <a href={href} {...rest}>
      {children}
    </a>
  ),
}));
vi.mock("next/navigation", () => ({ usePathname: () => "/settings/users" }));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const json = (body: unknown, status = 200) => ({ status, body });
const at = "2026-03-01T10:00:00.000Z";

describe("TokensView", () => {
  const token: TokenView = {
    id: "t1",
    name: "ci",
    start: "tl_api_ab",
    role: "editor",
    createdBy: "admin@example.com",
    createdAt: at,
    expiresAt: null,
    lastUsedAt: null,
  };

  it("creates a token with its role and expiry, shows the secret once, and revokes after asking", async () => {
    let tokens = [token];
    const asked = stubApi((req) => {
      if (req.path === "/tokens" && req.method === "GET") return json({ tokens });
      if (req.path === "/tokens" && req.method === "POST") {
        tokens = [...tokens, { ...token, id: "t2", name: "deploy", role: "viewer" }];
        return json({ id: "t2", token: "tl_api_secret123" }, 201);
      }
      if (req.method === "DELETE") return { status: 204, body: "" };
      return undefined;
    });
    renderWithClient(<TokensView />);
    const row = await screen.findByTestId("token-row");
    expect(row.textContent).toContain("tl_api_ab…");
    expect(row.textContent).toContain("never");

    fireEvent.change(screen.getByTestId("token-name"), { target: { value: " deploy " } });
    fireEvent.change(screen.getByTestId("token-role"), { target: { value: "viewer" } });
    fireEvent.change(screen.getByTestId("token-expiry"), { target: { value: "30" } });
    const before = Date.now();
    fireEvent.click(screen.getByTestId("token-create"));
    const secret = (await screen.findByTestId("token-secret")) as HTMLInputElement;
    expect(secret.value).toBe("tl_api_secret123");
    expect(screen.getByTestId("token-secret-box").textContent).toMatch(/shown only once/);
    const post = asked.find((r) => r.method === "POST")?.body as { name: string; role: string; expiresAt: string };
    expect(post).toMatchObject({ name: "deploy", role: "viewer" });
    const days = (Date.parse(post.expiresAt) - before) / 86_400_000;
    expect(days).toBeGreaterThan(29.99);
    expect(days).toBeLessThan(30.01);
    await waitFor(() => expect(screen.getAllByTestId("token-row")).toHaveLength(2));
    fireEvent.click(screen.getByTestId("token-secret-dismiss"));
    expect(screen.queryByTestId("token-secret")).toBeNull();

    fireEvent.click(screen.getByTestId("token-revoke-ci"));
    expect(asked.some((r) => r.method === "DELETE")).toBe(false);
    fireEvent.click(screen.getByTestId("token-revoke-ci-yes"));
    await waitFor(() => expect(asked.some((r) => r.method === "DELETE" && r.path === "/tokens/t1")).toBe(true));
  });

  it("shows the api's refusal", async () => {
    stubApi((req) =>
      req.method === "POST"
        ? json({ error: { code: "bad_request", message: "name: already used" } }, 400)
        : json({ tokens: [] }),
    );
    renderWithClient(<TokensView />);
    expect((await screen.findByTestId("state-empty")).textContent).toContain("No API tokens");
    fireEvent.change(screen.getByTestId("token-name"), { target: { value: "ci" } });
    fireEvent.click(screen.getByTestId("token-create"));
    expect((await screen.findByTestId("token-error")).textContent).toContain("name: already used");
    expect(screen.queryByTestId("token-secret")).toBeNull();
  });
});

describe("IngestKeysView", () => {
  it("creates a key without a role, never expiring when asked, and shows its secret", async () => {
    const asked = stubApi((req) =>
      req.method === "POST" ? json({ id: "k1", token: "tl_ingest_xyz" }, 201) : json({ keys: [] }),
    );
    renderWithClient(<IngestKeysView />);
    await screen.findByTestId("state-empty");
    expect(screen.queryByTestId("ingest-key-role")).toBeNull();
    fireEvent.change(screen.getByTestId("ingest-key-name"), { target: { value: "collector" } });
    fireEvent.change(screen.getByTestId("ingest-key-expiry"), { target: { value: "" } });
    fireEvent.click(screen.getByTestId("ingest-key-create"));
    expect(((await screen.findByTestId("ingest-key-secret")) as HTMLInputElement).value).toBe("tl_ingest_xyz");
    expect(asked.find((r) => r.method === "POST")).toMatchObject({ path: "/ingest-keys", body: { name: "collector" } });
  });
});

describe("UsersView", () => {
  const user = (email: string, patch: Partial<UserView> = {}): UserView => ({
    id: email,
    email,
    name: email.split("@")[0] ?? email,
    role: "viewer",
    disabled: false,
    signIn: ["password"],
    createdAt: at,
    ...patch,
  });

  it("changes a role, disables, resets a password, deletes, and adds a user; never touches your own row", async () => {
    const asked = stubApi((req) => {
      if (req.path === "/users" && req.method === "GET")
        return json({ users: [user("admin@example.com", { id: "u-admin", role: "admin" }), user("bo@example.com")] });
      if (req.method === "PUT") return json(user("bo@example.com"));
      if (req.method === "POST") return json(user("cy@example.com"), 201);
      if (req.method === "DELETE") return { status: 204, body: "" };
      return undefined;
    });
    renderWithClient(<UsersView />);
    await screen.findByTestId("users-table");
    const own = screen.getAllByTestId("user-row")[0] as HTMLElement;
    expect(own.textContent).toContain("(you)");
    expect(within(own).queryByTestId("user-delete-admin@example.com")).toBeNull();
    expect((within(own).getByTestId("user-role-admin@example.com") as HTMLSelectElement).disabled).toBe(true);

    fireEvent.change(screen.getByTestId("user-role-bo@example.com"), { target: { value: "editor" } });
    fireEvent.click(screen.getByTestId("user-toggle-bo@example.com"));
    fireEvent.click(screen.getByTestId("user-reset-bo@example.com"));
    fireEvent.change(screen.getByTestId("user-password-bo@example.com"), { target: { value: "a-new-password" } });
    fireEvent.click(screen.getByTestId("user-password-save-bo@example.com"));
    fireEvent.click(screen.getByTestId("user-delete-bo@example.com"));
    fireEvent.click(screen.getByTestId("user-delete-bo@example.com-yes"));
    await waitFor(() => expect(asked.some((r) => r.method === "DELETE")).toBe(true));
    expect(asked.filter((r) => r.method === "PUT" || r.method === "DELETE")).toEqual([
      { method: "PUT", path: "/users/bo%40example.com", body: { role: "editor" } },
      { method: "PUT", path: "/users/bo%40example.com", body: { disabled: true } },
      { method: "PUT", path: "/users/bo%40example.com", body: { password: "a-new-password" } },
      { method: "DELETE", path: "/users/bo%40example.com", body: undefined },
    ]);

    fireEvent.change(screen.getByTestId("user-new-email"), { target: { value: "cy@example.com" } });
    fireEvent.change(screen.getByTestId("user-new-name"), { target: { value: "Cy" } });
    fireEvent.change(screen.getByTestId("user-new-role"), { target: { value: "editor" } });
    fireEvent.change(screen.getByTestId("user-new-password"), { target: { value: "long-enough-pw" } });
    fireEvent.click(screen.getByTestId("user-create"));
    expect((await screen.findByTestId("user-created")).textContent).toContain("cy@example.com");
    expect(asked.find((r) => r.method === "POST")?.body).toEqual({
      email: "cy@example.com",
      name: "Cy",
      role: "editor",
      password: "long-enough-pw",
    });
  });
});

describe("SessionsView", () => {
  it("marks this device first and revokes another session", async () => {
    const session = (id: string, current: boolean): SessionView => ({
      id,
      createdAt: at,
      expiresAt: at,
      lastSeenAt: at,
      ipAddress: "192.0.2.1",
      userAgent: "Firefox",
      current,
    });
    const asked = stubApi((req) =>
      req.method === "DELETE"
        ? { status: 204, body: "" }
        : json({ sessions: [session("other", false), session("mine", true)] }),
    );
    renderWithClient(<SessionsView />);
    await screen.findByTestId("sessions-table");
    const rows = screen.getAllByTestId("session-row");
    expect(rows.map((r) => r.dataset.current)).toEqual(["true", "false"]);
    expect(within(rows[0] as HTMLElement).getByTestId("session-current").textContent).toBe("this device");
    expect(screen.queryByTestId("session-revoke-mine")).toBeNull();
    fireEvent.click(screen.getByTestId("session-revoke-other"));
    fireEvent.click(screen.getByTestId("session-revoke-other-yes"));
    await waitFor(() =>
      expect(asked.some((r) => r.method === "DELETE" && r.path === "/auth/sessions/other")).toBe(true),
    );
  });
});

describe("AuditView", () => {
  const entry = (id: string, patch: Partial<AuditEntry> = {}): AuditEntry => ({
    id,
    at,
    actor: "admin@example.com",
    action: "rule.create",
    targetType: "rule",
    targetId: "r1",
    targetName: "checkout slow",
    outcome: "success",
    ipAddress: "127.0.0.1",
    details: null,
    ...patch,
  });

  it("lists entries, filters by action and actor, and loads older pages", async () => {
    const asked = stubApi((req) => {
      if (req.path.includes("before=e2"))
        return json({ entries: [entry("e1", { action: "login.failure", outcome: "failure" })], next: null });
      return json({ entries: [entry("e3"), entry("e2")], next: "e2" });
    });
    renderWithClient(<AuditView />);
    await screen.findByTestId("audit-table");
    const first = screen.getAllByTestId("audit-row")[0] as HTMLElement;
    expect(within(first).getByTestId("audit-actor").textContent).toBe("admin@example.com");
    expect(within(first).getByTestId("audit-target").textContent).toBe("rule checkout slow");

    fireEvent.click(screen.getByTestId("audit-older"));
    await waitFor(() => expect(screen.getAllByTestId("audit-row")).toHaveLength(3));
    expect(screen.getAllByTestId("audit-row")[2]?.dataset.outcome).toBe("failure");
    expect(screen.queryByTestId("audit-older")).toBeNull();

    fireEvent.change(screen.getByTestId("audit-filter-action"), { target: { value: "token" } });
    fireEvent.change(screen.getByTestId("audit-filter-actor"), { target: { value: "bo@example.com" } });
    fireEvent.click(screen.getByTestId("audit-filter-apply"));
    await waitFor(() => expect(asked.at(-1)?.path).toBe("/audit?limit=100&action=token&actor=bo%40example.com"));
  });
});

describe("AccountView", () => {
  it("checks the new password twice before sending, and shows the api's refusal", async () => {
    const asked = stubApi(() =>
      json({ error: { code: "bad_request", message: "currentPassword: wrong password" } }, 400),
    );
    renderWithClient(<AccountView />, signedIn("viewer"));
    expect(screen.getByTestId("account-role").textContent).toBe("viewer");
    fireEvent.change(screen.getByTestId("account-currentPassword"), { target: { value: "old" } });
    fireEvent.change(screen.getByTestId("account-newPassword"), { target: { value: "brand-new-pass" } });
    fireEvent.change(screen.getByTestId("account-confirm"), { target: { value: "brand-new-pasS" } });
    fireEvent.click(screen.getByTestId("account-submit"));
    expect(screen.getByTestId("account-password-error").textContent).toBe("The two new passwords differ.");
    expect(asked).toHaveLength(0);
    fireEvent.change(screen.getByTestId("account-confirm"), { target: { value: "brand-new-pass" } });
    fireEvent.click(screen.getByTestId("account-submit"));
    expect((await screen.findByTestId("account-password-error")).textContent).toContain("wrong password");
    expect(asked[0]).toEqual({
      method: "POST",
      path: "/auth/password",
      body: { currentPassword: "old", newPassword: "brand-new-pass" },
    });
  });

  it("sends someone who signs in through the identity provider there", () => {
    stubApi(() => undefined);
    renderWithClient(<AccountView />, signedIn("editor", { signIn: ["oidc"] }));
    expect(screen.queryByTestId("account-password-form")).toBeNull();
  });
});

describe("SettingsNav", () => {
  it("offers the admin pages to admins only", () => {
    renderWithClient(<SettingsNav />, signedIn("editor"));
    expect(screen.getAllByRole("link").map((a) => a.getAttribute("href"))).toEqual([
      "/settings/account",
      "/settings/sessions",
    ]);
    cleanup();
    renderWithClient(<SettingsNav />);
    expect(screen.getByTestId("settings-tab-audit").getAttribute("href")).toBe("/settings/audit");
  });
});

describe("SsoView", () => {
  it("shows the provider's settings with the redirect URI to register", async () => {
    stubApi(() =>
      json({
        oidc: {
          issuer: "https://idp.example.test",
          clientId: "tracelight",
          scopes: ["openid", "email", "profile", "groups"],
          roleClaim: "groups",
          roleMap: { "obs-admins": "admin" },
          defaultRole: "viewer",
          displayName: "Example SSO",
          redirectUri: "https://obs.example.test/api/auth/sso/callback/oidc",
        },
      }),
    );
    renderWithClient(<SsoView />);
    expect((await screen.findByTestId("sso-redirect-uri")).textContent).toBe(
      "https://obs.example.test/api/auth/sso/callback/oidc",
    );
    expect(screen.getByTestId("sso-role-map").textContent).toBe("obs-admins → admin");
    expect(screen.getByTestId("sso-scopes").textContent).toBe("openid email profile groups");
  });

  it("says how to configure it when it is not", async () => {
    stubApi(() => json({ oidc: null }));
    renderWithClient(<SsoView />);
    expect((await screen.findByTestId("sso-off")).textContent).toMatch(/TRACELIGHT_OIDC_ISSUER/);
  });
});
