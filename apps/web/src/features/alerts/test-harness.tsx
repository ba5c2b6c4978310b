// What the views' component tests share: a fresh react-query client and "now", a signed-in
// user (an admin unless the test names another role), and a fetch stub that answers the API's
// routes from a table and records every request. (Each test file mocks next/navigation itself:
// a mock factory that imports this module would deadlock.)
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { MeResponse, Role } from "@tracelight/contracts";
import type { ReactNode } from "react";
import { vi } from "vitest";
import { MeProvider } from "../../lib/use-me.tsx";
import { NowProvider } from "../../lib/use-time-range.tsx";

export interface Recorded {
  method: string;
  path: string;
  body: unknown;
}

export type Route = (req: Recorded) => { status: number; body: unknown } | undefined;

/** Answers with the first route that knows the request; records all of them. */
export function stubApi(route: Route): Recorded[] {
  const asked: Recorded[] = [];
  vi.stubGlobal("fetch", async (input: string, init?: RequestInit) => {
    const url = new URL(input, "http://x");
    const req: Recorded = {
      method: init?.method ?? "GET",
      path: url.pathname.replace(/^\/api\/v1/, "") + url.search,
      body: typeof init?.body === "string" ? JSON.parse(init.body) : undefined,
    };
    asked.push(req);
    const answer = route(req) ?? { status: 404, body: { error: { code: "not_found", message: "no route" } } };
    return new Response(JSON.stringify(answer.body), { status: answer.status });
  });
  return asked;
}

export function signedIn(role: Role, patch: Partial<MeResponse["user"]> = {}): MeResponse {
  return {
    user: {
      id: `u-${role}`,
      email: `${role}@example.com`,
      name: role,
      role,
      disabled: false,
      signIn: ["password"],
      createdAt: "2026-01-01T00:00:00.000Z",
      ...patch,
    },
    via: "session",
  };
}

export function renderWithClient(ui: ReactNode, me: MeResponse = signedIn("admin")) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <MeProvider me={me}>
        <NowProvider>{ui}</NowProvider>
      </MeProvider>
    </QueryClientProvider>,
  );
}
