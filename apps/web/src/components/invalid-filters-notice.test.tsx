import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { UrlState } from "../lib/url-state.ts";
import { InvalidFiltersNotice, unreadableFilters } from "./invalid-filters-notice.tsx";

function urlState(search: string, set = vi.fn()): UrlState {
  const params = new URLSearchParams(search);
  return { params, get: (k) => params.get(k) ?? undefined, getAll: (k) => params.getAll(k), set };
}

describe("unreadable attr filters", () => {
  it("lists only the values that are not key=value or key!=value", () => {
    expect(unreadableFilters(new URLSearchParams("attr=a%3D1&attr=novalue&attr=%3Dx&attr=b!%3D2"))).toEqual([
      "novalue",
      "=x",
    ]);
  });

  it("says nothing when every filter reads", () => {
    const { container } = render(<InvalidFiltersNotice url={urlState("attr=a%3D1")} />);
    expect(container.textContent).toBe("");
  });

  it("names the unreadable filters and removes only them", () => {
    const set = vi.fn();
    render(<InvalidFiltersNotice url={urlState("attr=a%3D1&attr=novalue", set)} />);
    expect(screen.getByTestId("invalid-filters").textContent).toContain("“novalue”");
    fireEvent.click(screen.getByRole("button", { name: "Remove from the link" }));
    expect(set).toHaveBeenCalledWith({ attr: ["a=1"] });
  });
});
