// A viewer reads the alert pages without the controls that change anything (the api would
// refuse them with 403); an editor gets them back.
import { cleanup, screen } from "@testing-library/react";
import type { Role } from "@tracelight/contracts";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AlertsListView } from "./alerts-list-view.tsx";
import { ChannelsView } from "./channels-view.tsx";
import { SilencesView } from "./silences-view.tsx";
import { renderWithClient, signedIn, stubApi } from "./test-harness.tsx";

vi.mock("next/link", () => ({
  default: ({ href, children, ...rest }: { href: string; children: ReactNode }) => (
    <a href={href} {...rest}>
      {children}
    </a>
  ),
}));
vi.mock("next/navigation", () => ({
  useRouter: () => ({ push: vi.fn(), replace: vi.fn() }),
  usePathname: () => window.location.pathname,
  useSearchParams: () => new URLSearchParams(window.location.search),
}));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const silence = {
  id: "s1",
  matchers: [{ label: "alertname", op: "=", value: "slow" }],
  startsAt: 1,
  endsAt: 2,
  comment: "deploy",
  createdBy: "",
  createdAt: "",
  status: "active",
};
const channel = { id: "c1", name: "ops", type: "webhook", url: "http://hook", createdAt: "", updatedAt: "" };

function answerReads() {
  stubApi((req) => {
    const answers: Record<string, unknown> = {
      "/alerts": { alerts: [] },
      "/alert-rules": { rules: [] },
      "/silences": { silences: [silence] },
      "/channels": { channels: [channel] },
    };
    return req.path in answers ? { status: 200, body: answers[req.path] } : undefined;
  });
}

const WRITE_CONTROLS = [
  "channel-new",
  "channel-test",
  "channel-edit",
  "channel-delete",
  "silence-new",
  "silence-expire",
];

async function render(role: Role) {
  answerReads();
  window.history.replaceState(null, "", "/alerts");
  renderWithClient(
    <>
      <AlertsListView />
      <ChannelsView />
      <SilencesView />
    </>,
    signedIn(role),
  );
  await screen.findByTestId("channel-row");
  await screen.findByTestId("silence-row");
}

describe("the alert pages by role", () => {
  it("hide every write control from a viewer and say why", async () => {
    await render("viewer");
    expect(screen.queryByTestId("alerts-new-rule")).toBeNull();
    for (const id of WRITE_CONTROLS) expect(screen.queryByTestId(id), id).toBeNull();
    const notes = screen.getAllByTestId("role-note").map((n) => n.textContent);
    expect(notes).toContain("Read-only: creating rules needs the editor or admin role");
    expect(notes).toContain("Read-only: creating and expiring silences needs the editor or admin role");
  });

  it("show them to an editor", async () => {
    await render("editor");
    expect(screen.getByTestId("alerts-new-rule").getAttribute("href")).toBe("/alerts/rules/new");
    for (const id of WRITE_CONTROLS) expect(screen.getByTestId(id), id).toBeTruthy();
    expect(screen.queryByTestId("role-note")).toBeNull();
  });
});
