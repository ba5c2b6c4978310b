import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import type { DashboardView as Dashboard, DashboardPanel } from "@tracelight/contracts";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderWithClient, signedIn, stubApi } from "../alerts/test-harness.tsx";
import { DashboardView } from "./dashboard-view.tsx";

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
  vi.restoreAllMocks();
});

// Markdown panels: nothing to fetch. a | b on the first row, c full width under them.
const note = (id: string, x: number, y: number, w: number, h: number): DashboardPanel => ({
  id,
  title: `Panel ${id}`,
  kind: "markdown",
  grid: { x, y, w, h },
  options: { text: id },
});
const DOC: Dashboard = {
  id: "d1",
  version: 2,
  builtin: false,
  createdBy: null,
  createdAt: "2026-12-01T10:00:00.000Z",
  updatedAt: "2026-12-01T10:00:00.000Z",
  name: "Notes",
  variables: [],
  panels: [note("a", 0, 0, 12, 4), note("b", 12, 0, 12, 4), note("c", 0, 4, 24, 4)],
};

// jsdom lays nothing out: the grid is 1188 px wide, so a column is 50 px apart (12 px gaps) and
// a row 48 px (36 px rows).
const COL = 50;
const ROW = 48;

// jsdom has no PointerEvent: a mouse event with a pointer id is what React reads of one.
class PointerEventStub extends MouseEvent {
  readonly pointerId: number;
  constructor(type: string, init: PointerEventInit = {}) {
    super(type, init);
    this.pointerId = init.pointerId ?? 0;
  }
}

function show(search: string, role: "editor" | "viewer" = "editor") {
  vi.stubGlobal("PointerEvent", PointerEventStub);
  window.history.replaceState(null, "", `/dashboards/d1?from=now-1h&to=now${search}`);
  vi.spyOn(HTMLElement.prototype, "getBoundingClientRect").mockReturnValue(new DOMRect(0, 0, 1188, 600));
  const asked = stubApi((req) => {
    if (req.method === "PUT") return { status: 200, body: { ...DOC, ...(req.body as object), version: 3 } };
    if (req.path === "/dashboards/d1") return { status: 200, body: DOC };
    return undefined;
  });
  renderWithClient(<DashboardView id="d1" />, signedIn(role));
  return asked;
}
const panel = (id: string) => screen.getAllByTestId("dashboard-panel").find((p) => p.dataset.panel === id)!;
/** Where the page draws each panel: "column / span w, row / span h" as CSS grid takes it. */
const drawn = () =>
  Object.fromEntries(
    screen.getAllByTestId("dashboard-panel").map((p) => [p.dataset.panel, `${p.style.gridColumn}, ${p.style.gridRow}`]),
  );
const cellsIn = (text: string) =>
  Object.fromEntries((JSON.parse(text) as Dashboard).panels.map((p) => [p.id, Object.values(p.grid).join(",")]));
const json = () => (screen.getByTestId("dashboard-json") as HTMLTextAreaElement).value;

function drag(handle: HTMLElement, dx: number, dy: number) {
  fireEvent.pointerDown(handle, { button: 0, pointerId: 1, clientX: 100, clientY: 100 });
  fireEvent.pointerMove(handle, { pointerId: 1, clientX: 100 + dx, clientY: 100 + dy });
}

describe("dashboard grid in edit mode", () => {
  it("moves a panel dragged by its title, resizes one by its corner, and saves the cells", async () => {
    const asked = show("&edit=1");
    await screen.findAllByTestId("panel-move");
    const c = within(panel("c"));
    // c dragged four rows up: held there while dragging, a and b pushed under it
    drag(c.getByTestId("panel-move"), 3, -4 * ROW + 10);
    expect(drawn()).toEqual({
      a: "1 / span 12, 5 / span 4",
      b: "13 / span 12, 5 / span 4",
      c: "1 / span 24, 1 / span 4",
    });
    fireEvent.pointerUp(c.getByTestId("panel-move"), { pointerId: 1 });
    await waitFor(() => expect(cellsIn(json())).toEqual({ a: "0,4,12,4", b: "12,4,12,4", c: "0,0,24,4" }));

    // a's corner dragged 6 columns right and 2 rows down: b no longer fits beside it
    const corner = within(panel("a")).getByTestId("panel-resize");
    drag(corner, 6 * COL - 20, 2 * ROW + 20);
    fireEvent.pointerUp(corner, { pointerId: 1 });
    await waitFor(() => expect(cellsIn(json())).toEqual({ a: "0,4,18,6", b: "12,10,12,4", c: "0,0,24,4" }));
    expect(drawn()).toMatchObject({ a: "1 / span 18, 5 / span 6", b: "13 / span 12, 11 / span 4" });

    fireEvent.click(screen.getByTestId("dashboard-save"));
    await waitFor(() => expect(asked.some((r) => r.method === "PUT")).toBe(true));
    const put = asked.find((r) => r.method === "PUT")!.body as Dashboard;
    expect(put.version).toBe(2);
    expect(Object.fromEntries(put.panels.map((p) => [p.id, p.grid]))).toEqual({
      a: { x: 0, y: 4, w: 18, h: 6 },
      b: { x: 12, y: 10, w: 12, h: 4 },
      c: { x: 0, y: 0, w: 24, h: 4 },
    });
  });

  it("lets a drag go without change when it was cancelled or never moved", async () => {
    show("&edit=1");
    await screen.findAllByTestId("panel-move");
    const before = json();
    drag(within(panel("c")).getByTestId("panel-move"), 0, -4 * ROW);
    fireEvent.pointerCancel(within(panel("c")).getByTestId("panel-move"), { pointerId: 1 });
    fireEvent.pointerDown(within(panel("a")).getByTestId("panel-move"), { button: 0, pointerId: 2 });
    fireEvent.pointerUp(within(panel("a")).getByTestId("panel-move"), { pointerId: 2 });
    expect(json()).toBe(before);
    expect(drawn()).toMatchObject({ c: "1 / span 24, 5 / span 4" });
  });

  it("moves and resizes by keys on the focused title", async () => {
    show("&edit=1");
    await screen.findAllByTestId("panel-move");
    fireEvent.keyDown(within(panel("a")).getByTestId("panel-move"), { key: "ArrowDown" });
    await waitFor(() => expect(cellsIn(json())).toMatchObject({ a: "0,8,12,4", c: "0,4,24,4" }));
    fireEvent.keyDown(within(panel("b")).getByTestId("panel-move"), { key: "ArrowLeft", shiftKey: true });
    await waitFor(() => expect(cellsIn(json())).toMatchObject({ b: "12,0,11,4" }));
  });

  it("adds a panel in the first free place", async () => {
    show("&edit=1");
    await screen.findAllByTestId("panel-move");
    fireEvent.change(screen.getByLabelText("Panel kind"), { target: { value: "markdown" } });
    fireEvent.click(screen.getByTestId("dashboard-add-panel"));
    await waitFor(() => expect(drawn()).toMatchObject({ "panel-4": "1 / span 12, 9 / span 8" }));
  });

  it("draws no handles outside edit mode, nor for a viewer", async () => {
    show("");
    await waitFor(() => expect(screen.getAllByTestId("dashboard-panel")).toHaveLength(3));
    expect(screen.queryAllByTestId("panel-move")).toHaveLength(0);
    expect(screen.queryAllByTestId("panel-resize")).toHaveLength(0);
    cleanup();
    show("&edit=1", "viewer");
    await waitFor(() => expect(screen.getAllByTestId("dashboard-panel")).toHaveLength(3));
    expect(screen.queryAllByTestId("panel-move")).toHaveLength(0);
    expect(screen.queryByTestId("dashboard-editor")).toBeNull();
  });
});
