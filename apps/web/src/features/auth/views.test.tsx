// The sign-in and first-run pages against a stubbed api; page loads go through browser.assign,
// which jsdom cannot do, so it is spied on.
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import type { AuthProvidersResponse } from "@tracelight/contracts";
import { afterEach, describe, expect, it, vi } from "vitest";
import { browser } from "../../lib/api.ts";
import { stubApi } from "../alerts/test-harness.tsx";
import { LoginView, oidcHref } from "./login-view.tsx";
import { SetupView } from "./setup-view.tsx";

const assign = vi.spyOn(browser, "assign").mockImplementation(() => undefined);

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  assign.mockClear();
});

const providers: AuthProvidersResponse = { setupNeeded: false, password: true, oidc: null };
const error = (status: number, code: string, message: string) => ({ status, body: { error: { code, message } } });

function signIn(email: string, password: string) {
  fireEvent.change(screen.getByTestId("login-email"), { target: { value: email } });
  fireEvent.change(screen.getByTestId("login-password"), { target: { value: password } });
  fireEvent.click(screen.getByTestId("login-submit"));
}

describe("LoginView", () => {
  it("signs in and loads the page it was sent from", async () => {
    const asked = stubApi(() => ({ status: 200, body: { user: {}, via: "session" } }));
    render(<LoginView providers={providers} returnTo="/alerts?state=firing" />);
    signIn("Ann@Example.com", "secret");
    await waitFor(() => expect(assign).toHaveBeenCalledWith("/alerts?state=firing"));
    expect(asked[0]).toEqual({
      method: "POST",
      path: "/auth/login",
      body: { email: "ann@example.com", password: "secret" },
    });
  });

  it("shows the api's refusal without leaving the page, and says when to try again after a 429", async () => {
    let answer = error(401, "unauthenticated", "wrong email or password");
    stubApi(() => answer);
    render(<LoginView providers={providers} returnTo="/" />);
    signIn("ann@example.com", "nope");
    expect((await screen.findByTestId("login-error")).textContent).toBe("wrong email or password");
    answer = error(429, "too_many_requests", "try again in 60 s");
    signIn("ann@example.com", "nope");
    await waitFor(() => expect(screen.getByTestId("login-error").textContent).toMatch(/^Too many sign-in attempts/));
    expect(screen.getByTestId("login-error").textContent).toContain("try again in 60 s");
    expect(assign).not.toHaveBeenCalled();
  });

  it("offers the OpenID Connect provider, carrying returnTo", () => {
    render(
      <LoginView
        providers={{ ...providers, oidc: { name: "Acme SSO", signInPath: "/api/v1/auth/oidc/start" } }}
        returnTo="/logs?q=a&b=1"
      />,
    );
    const link = screen.getByTestId("login-oidc");
    expect(link.textContent).toBe("Sign in with Acme SSO");
    expect(link.getAttribute("href")).toBe("/api/v1/auth/oidc/start?returnTo=%2Flogs%3Fq%3Da%26b%3D1");
  });

  it("links to no other site, whatever the api names", () => {
    expect(oidcHref("https://idp.example/start", "/")).toBeUndefined();
    expect(oidcHref("//idp.example/start", "/")).toBeUndefined();
    expect(oidcHref("/api/v1/auth/oidc/start?x=1", "/")).toBe("/api/v1/auth/oidc/start?x=1&returnTo=%2F");
  });
});

describe("SetupView", () => {
  it("asks for matching passwords of the minimum length, then creates the admin and loads the overview", async () => {
    const asked = stubApi(() => ({ status: 201, body: { user: {}, via: "session" } }));
    render(<SetupView />);
    const type = (field: string, value: string) =>
      fireEvent.change(screen.getByTestId(`setup-${field}`), { target: { value } });
    type("email", "root@example.com");
    type("name", "Root");
    type("password", "short");
    type("confirm", "other");
    fireEvent.click(screen.getByTestId("setup-submit"));
    expect(screen.getByTestId("setup-password-error").textContent).toBe("at least 10 characters");
    expect(screen.getByTestId("setup-confirm-error").textContent).toBe("the two passwords differ");
    expect(asked).toHaveLength(0);
    type("password", "long-enough-pw");
    type("confirm", "long-enough-pw");
    fireEvent.click(screen.getByTestId("setup-submit"));
    await waitFor(() => expect(assign).toHaveBeenCalledWith("/"));
    expect(asked[0]).toEqual({
      method: "POST",
      path: "/auth/setup",
      body: { email: "root@example.com", name: "Root", password: "long-enough-pw" },
    });
  });

  it("shows the api's refusal (someone else finished setup first)", async () => {
    stubApi(() => error(409, "conflict", "an admin already exists"));
    render(<SetupView />);
    for (const [field, value] of [
      ["email", "root@example.com"],
      ["name", "Root"],
      ["password", "long-enough-pw"],
      ["confirm", "long-enough-pw"],
    ] as const)
      fireEvent.change(screen.getByTestId(`setup-${field}`), { target: { value } });
    fireEvent.click(screen.getByTestId("setup-submit"));
    expect((await screen.findByTestId("setup-error")).textContent).toBe("an admin already exists");
  });
});
