// The search box's autocomplete in jsdom against a stubbed API (no api runs here; the api side
// is tested over chDB in apps/api/test/search-suggest.chdb.test.ts): keyboard and mouse
// selection, what is inserted, Esc, and one request per pause in typing.
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { useState } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type Recorded, renderWithClient, stubApi } from "../features/alerts/test-harness.tsx";
import { SearchQueryInput } from "./search-query-input.tsx";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const FIELDS = {
  fields: [
    { name: "service", source: "builtin", description: "service name" },
    { name: "severity", source: "builtin", description: "level" },
    { name: "server.address", source: "attribute", count: 40 },
  ],
  truncated: false,
};
const VALUES = {
  values: [
    { value: "checkout", count: 5 },
    { value: "cart", count: 3 },
    { value: "GET /a b", count: 1 },
  ],
};

function Box({ initial, onSubmit }: { initial: string; onSubmit: (q: string) => void }) {
  const [q, setQ] = useState(initial);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(q);
      }}
    >
      <SearchQueryInput value={q} onChange={setQ} signal="logs" range={{ from: 1000, to: 2000 }} data-testid="q" />
    </form>
  );
}

function setup(initial = "") {
  const asked = stubApi((req) => {
    if (req.path.startsWith("/search/fields")) return { status: 200, body: FIELDS };
    if (req.path.startsWith("/search/values")) return { status: 200, body: { ...VALUES, truncated: false } };
    return undefined;
  });
  const onSubmit = vi.fn();
  renderWithClient(<Box initial={initial} onSubmit={onSubmit} />);
  return { asked, onSubmit, box: screen.getByTestId("q") as HTMLInputElement };
}

const type = (box: HTMLInputElement, text: string) => {
  fireEvent.change(box, { target: { value: text, selectionStart: text.length, selectionEnd: text.length } });
};
const options = () => screen.queryAllByTestId("search-suggestion");
const selected = () => options().find((o) => o.getAttribute("aria-selected") === "true")?.dataset.value;
const key = (box: HTMLInputElement, k: string) => fireEvent.keyDown(box, { key: k });
const paths = (asked: Recorded[]) => asked.map((r) => r.path);

describe("SearchQueryInput", () => {
  it("suggests fields for the token typed, moves with up/down and takes one with Enter, then its values", async () => {
    const { box, asked } = setup();
    type(box, "serv");
    await waitFor(() => expect(options().map((o) => o.dataset.value)).toEqual(["service", "server.address"]));
    expect(box.getAttribute("aria-expanded")).toBe("true");
    expect(selected()).toBeUndefined();
    key(box, "ArrowDown");
    expect(selected()).toBe("service");
    key(box, "ArrowDown");
    expect(selected()).toBe("server.address");
    key(box, "ArrowDown");
    expect(selected()).toBe("service");
    key(box, "ArrowUp");
    expect(selected()).toBe("server.address");
    key(box, "ArrowUp");
    expect(box.getAttribute("aria-activedescendant")).toBe(options()[0]?.id);
    key(box, "Enter");
    expect(box.value).toBe("service:");
    expect(box.selectionStart).toBe(8);
    await waitFor(() => expect(options().map((o) => o.dataset.value)).toEqual(["checkout", "cart", "GET /a b"]));
    key(box, "ArrowUp");
    expect(selected()).toBe("GET /a b");
    key(box, "ArrowUp");
    key(box, "Tab");
    expect(box.value).toBe("service:cart");
    expect(screen.queryByTestId("search-suggestions")).toBeNull();
    expect(paths(asked)).toEqual([
      "/search/fields?signal=logs&prefix=serv&limit=20&from=1000&to=2000",
      "/search/values?signal=logs&field=service&limit=20&from=1000&to=2000",
    ]);
  });

  it("quotes a value that needs it, taken with the mouse, keeping the rest of the query", async () => {
    const { box } = setup();
    type(box, "a (name:GE");
    await waitFor(() => expect(options().map((o) => o.dataset.value)).toEqual(["GET /a b"]));
    fireEvent.mouseDown(options()[0] as HTMLElement);
    expect(box.value).toBe('a (name:"GET /a b"');
  });

  it("submits on Enter while nothing is highlighted, and Tab takes the first", async () => {
    const { box, onSubmit } = setup();
    type(box, "service:c");
    await waitFor(() => expect(options().map((o) => o.dataset.value)).toEqual(["checkout", "cart"]));
    // Not prevented: a browser submits the form (jsdom submits nothing on a key).
    expect(fireEvent.keyDown(box, { key: "Enter" })).toBe(true);
    expect(box.value).toBe("service:c");
    key(box, "ArrowDown");
    expect(fireEvent.keyDown(box, { key: "Escape" })).toBe(false);
    type(box, "service:");
    await waitFor(() => expect(options()).toHaveLength(3));
    key(box, "Tab");
    expect(box.value).toBe("service:checkout");
    fireEvent.submit(box);
    expect(onSubmit).toHaveBeenCalledWith("service:checkout");
  });

  it("closes on Esc without clearing, and Enter then submits the query as typed", async () => {
    const { box, onSubmit } = setup();
    type(box, "serv");
    await waitFor(() => expect(options()).toHaveLength(2));
    key(box, "Escape");
    expect(screen.queryByTestId("search-suggestions")).toBeNull();
    expect(box.value).toBe("serv");
    fireEvent.submit(box);
    expect(onSubmit).toHaveBeenCalledWith("serv");
  });

  it("shows that suggestions are loading, and asks once typing pauses", async () => {
    const { box, asked } = setup();
    for (const text of ["s", "se", "sev"]) type(box, text);
    expect(screen.getByTestId("search-suggestions-loading")).toBeTruthy();
    await waitFor(() => expect(options().map((o) => o.dataset.value)).toEqual(["severity"]));
    expect(screen.queryByTestId("search-suggestions-loading")).toBeNull();
    expect(paths(asked)).toEqual(["/search/fields?signal=logs&prefix=sev&limit=20&from=1000&to=2000"]);
  });

  it("offers nothing inside a phrase, and does not offer a value already typed in full", async () => {
    const { box, asked } = setup();
    type(box, '"serv');
    type(box, "service:checkout");
    await waitFor(() => expect(asked).toHaveLength(1));
    expect(paths(asked)).toEqual([
      "/search/values?signal=logs&field=service&prefix=checkout&limit=20&from=1000&to=2000",
    ]);
    expect(options()).toEqual([]);
  });
});
