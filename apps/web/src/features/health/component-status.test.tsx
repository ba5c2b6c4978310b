import { cleanup, render, screen } from "@testing-library/react";
import type { ComponentStatus } from "@tracelight/contracts";
import { afterEach, describe, expect, it } from "vitest";
import { ComponentStatusPanel, componentProblems } from "./component-status.tsx";

afterEach(cleanup);

const now = Date.parse("2026-12-07T12:00:00Z");
const components: ComponentStatus[] = [
  { component: "api", lastSeenAt: now - 10_000, instances: 2, silent: false },
  { component: "agent", lastSeenAt: now - 600_000, instances: 0, silent: true },
  { component: "web", lastSeenAt: null, instances: 0, silent: false },
];

describe("the health page's components", () => {
  it("shows each part's last report; a silent one reads so", () => {
    render(<ComponentStatusPanel components={components} now={now} />);
    expect(screen.getByTestId("health-component-api").textContent).toMatch(/^apireporting \(.+\)2$/);
    expect(screen.getByTestId("health-component-agent").textContent).toMatch(/^agentsilent since .+0$/);
    expect(screen.getByTestId("health-component-web").textContent).toBe("webnot seen in 24 h0");
  });

  it("says a part that stopped reporting as a problem, not one never seen", () => {
    const problems = componentProblems(components, now);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^The agent has not reported since .+: it may have stopped\.$/);
  });
});
