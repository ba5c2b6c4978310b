import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import type { DashboardsResponse, DashboardView, SavedView } from "@tracelight/contracts";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type Recorded, renderWithClient, signedIn, stubApi } from "../alerts/test-harness.tsx";
import { SavedViewsMenu } from "./saved-views-menu.tsx";

vi.mock("next/link", () => ({
  default: ({ href, children, ...rest }: { href: string; children: ReactNode }) => (
    <a href={href} {...rest}>
      {children}
    </a>
  ),
}));
vi.mock("next/navigation", () => ({
  useRouter: () => ({ push: vi.fn(), replace: vi.fn(), refresh: vi.fn() }),
  usePathname: () => window.location.pathname,
  useSearchParams: () => new URLSearchParams(window.location.search),
}));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const view = (id: string, name: string, state: SavedView["state"]): SavedView => ({
  id,
  name,
  kind: "logs",
  state,
  shared: true,
  createdBy: "editor@example.com",
  createdAt: "2026-12-01T10:00:00.000Z",
  updatedAt: "2026-12-01T10:00:00.000Z",
});
const VIEWS = [
  view("v1", "All warnings", { severity: "WARN" }),
  view("v2", "Payment errors", { service: "payments", severity: "ERROR", from: "now-6h" }),
];
const LIST: DashboardsResponse = {
  dashboards: [{ id: "d2", name: "Mine", builtin: false, panelCount: 1, updatedAt: "2026-12-02T10:00:00.000Z" }],
};
const MINE: DashboardView = {
  id: "d2",
  version: 5,
  builtin: false,
  createdBy: null,
  createdAt: "2026-12-01T10:00:00.000Z",
  updatedAt: "2026-12-01T10:00:00.000Z",
  name: "Mine",
  variables: [],
  panels: [{ id: "n", title: "Notes", kind: "markdown", grid: { x: 0, y: 0, w: 24, h: 4 }, options: { text: "" } }],
};

function show(role: "editor" | "viewer", search = "") {
  window.history.replaceState(null, "", `/logs${search}`);
  const asked = stubApi((req: Recorded) => {
    if (req.path === "/saved-views?kind=logs") return { status: 200, body: { savedViews: VIEWS } };
    if (req.path === "/dashboards") return { status: 200, body: LIST };
    if (req.path === "/dashboards/d2" && req.method === "GET") return { status: 200, body: MINE };
    if (req.method === "PUT") return { status: 200, body: { ...MINE, ...(req.body as object), version: 6 } };
    return undefined;
  });
  renderWithClient(<SavedViewsMenu kind="logs" />, signedIn(role));
  return asked;
}

describe("pin a saved view to a dashboard", () => {
  it("adds the view shown now as a logs panel with its query, then links to the dashboard", async () => {
    const asked = show("editor", "?service=payments&severity=ERROR&from=now-6h");
    await waitFor(() => expect((screen.getByTestId("pin-view") as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId("pin-view"));
    expect((screen.getByTestId("pin-view-view") as HTMLSelectElement).value).toBe("v2");
    await screen.findByRole("option", { name: "Mine" });
    fireEvent.change(screen.getByTestId("pin-view-dashboard"), { target: { value: "d2" } });
    fireEvent.click(screen.getByTestId("pin-view-submit"));

    const open = await screen.findByTestId("pin-view-open");
    expect(open.getAttribute("href")).toBe("/dashboards/d2");
    expect(open.textContent).toBe("Open Mine");
    expect((screen.getByTestId("pin-view-submit") as HTMLButtonElement).disabled).toBe(true);
    const put = asked.find((r) => r.method === "PUT");
    expect(put?.path).toBe("/dashboards/d2");
    expect(put?.body).toMatchObject({ id: "d2", version: 5, name: "Mine" });
    const panels = (put?.body as DashboardView | undefined)?.panels ?? [];
    expect(panels[0]?.id).toBe("n");
    expect(panels[1]).toEqual({
      id: "panel-2",
      title: "Payment errors",
      kind: "logs",
      grid: { x: 0, y: 4, w: 24, h: 8 },
      queries: [{ service: "payments", severity: "ERROR" }],
    });
  });

  it("says why a view cannot be pinned, and writes nothing", async () => {
    VIEWS.push(view("v3", "Priced", { q: "price:$amount" }));
    try {
      const asked = show("editor");
      await waitFor(() => expect((screen.getByTestId("pin-view") as HTMLButtonElement).disabled).toBe(false));
      fireEvent.click(screen.getByTestId("pin-view"));
      fireEvent.change(screen.getByTestId("pin-view-view"), { target: { value: "v3" } });
      await screen.findByRole("option", { name: "Mine" });
      fireEvent.change(screen.getByTestId("pin-view-dashboard"), { target: { value: "d2" } });
      fireEvent.click(screen.getByTestId("pin-view-submit"));
      expect((await screen.findByRole("alert")).textContent).toBe(
        "Priced cannot be a panel: q: has a $ that a dashboard would read as a variable",
      );
      expect(asked.some((r) => r.method === "PUT")).toBe(false);
    } finally {
      VIEWS.pop();
    }
  });

  it("offers a viewer neither saving nor pinning", async () => {
    show("viewer");
    await screen.findByRole("option", { name: "All warnings" });
    expect(screen.queryByTestId("pin-view")).toBeNull();
    expect(screen.queryByTestId("save-view")).toBeNull();
  });
});
