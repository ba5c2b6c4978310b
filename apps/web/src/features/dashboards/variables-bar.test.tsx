// The variables bar in jsdom (the router mocked: the URL it pushes is what is checked): a
// multi-select keeps several values as repeated var-<name>, "All" stands for none, and the
// values read back from that URL reach a panel's query as any of them.
import { cleanup, fireEvent, screen } from "@testing-library/react";
import type { DashboardVariable, ServicesResponse } from "@tracelight/contracts";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderWithClient, stubApi } from "../alerts/test-harness.tsx";
import { readVariableValues, substituteQuery, type VariableValues } from "./variables.ts";
import { VariablesBar } from "./variables-bar.tsx";

const push = vi.fn();
vi.mock("next/navigation", () => ({
  useRouter: () => ({ push, replace: vi.fn(), refresh: vi.fn() }),
  usePathname: () => window.location.pathname,
  useSearchParams: () => new URLSearchParams(window.location.search),
}));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  push.mockReset();
});

const SERVICES = { services: ["cart", "checkout", "payments"].map((name) => ({ name })) } as ServicesResponse;
const service: DashboardVariable = { name: "service", kind: "service", multi: true };

function show(search: string, variable: DashboardVariable = service) {
  window.history.replaceState(null, "", `/dashboards/d1?${search}`);
  stubApi((req) => (req.path.startsWith("/services") ? { status: 200, body: SERVICES } : undefined));
  const values = readVariableValues([variable], new URLSearchParams(search));
  renderWithClient(<VariablesBar variables={[variable]} panels={[]} values={values} />);
  return values;
}

/** Selects exactly `values` in the select, as a ctrl/shift-click would leave it. */
async function pick(values: string[]): Promise<URLSearchParams> {
  const select = (await screen.findByTestId("variable-service")) as HTMLSelectElement;
  await screen.findByRole("option", { name: "payments" });
  for (const option of select.options) option.selected = values.includes(option.value);
  fireEvent.change(select);
  const href = String(push.mock.lastCall?.[0] ?? "");
  return new URLSearchParams(href.split("?")[1] ?? "");
}

describe("the variables bar", () => {
  it("keeps several values as repeated var-<name>, which panels get as any of them", async () => {
    show("from=now-1h");
    const url = await pick(["checkout", "payments"]);
    expect(url.getAll("var-service")).toEqual(["checkout", "payments"]);
    expect(url.get("from")).toBe("now-1h");
    const values: VariableValues = readVariableValues([service], url);
    const query = { service: "$service", attr: ["http.route=/a", "service.name=$service"], q: "service:$service" };
    expect(substituteQuery(query, values)).toEqual({
      service: ["checkout", "payments"],
      attr: ["http.route=/a", "service.name=checkout", "service.name=payments"],
      q: "service:(checkout OR payments)",
    });
  });

  it("shows All when nothing is chosen, and All chosen beside values clears them", async () => {
    show("");
    const select = (await screen.findByTestId("variable-service")) as HTMLSelectElement;
    expect([...select.selectedOptions].map((o) => o.textContent)).toEqual(["All"]);
    // A value added to All replaces it.
    expect((await pick(["", "cart"])).getAll("var-service")).toEqual(["cart"]);
    cleanup();

    show("var-service=cart&var-service=checkout");
    const chosen = (await screen.findByTestId("variable-service")) as HTMLSelectElement;
    expect([...chosen.selectedOptions].map((o) => o.value)).toEqual(["cart", "checkout"]);
    expect((await pick(["", "cart", "checkout"])).has("var-service")).toBe(false);
  });

  it("keeps All in the URL over a default that is not", async () => {
    show("", { ...service, default: ["cart"] });
    expect((await pick(["", "cart"])).getAll("var-service")).toEqual(["$__all"]);
  });
});
