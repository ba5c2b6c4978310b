// What a dashboard shows below its header, saved or being edited: the variables bar (values
// from the URL) and the panels on their grid, or one of them full screen.
"use client";

import type { DashboardPanel, DashboardVariable } from "@tracelight/contracts";
import { useMemo, useState } from "react";
import { useUrlState } from "../../lib/url-state.ts";
import { DashboardGrid } from "./dashboard-grid.tsx";
import type { Placed } from "./grid-layout.ts";
import { PanelFrame } from "./panel-frame.tsx";
import { readVariableValues } from "./variables.ts";
import { VariablesBar } from "./variables-bar.tsx";

export function DashboardBody(props: {
  panels: readonly DashboardPanel[];
  variables: readonly DashboardVariable[];
  /** Edit mode: the panels can be moved and resized. */
  onLayout?: ((layout: Placed[]) => void) | undefined;
}) {
  const { params } = useUrlState();
  const [fullScreen, setFullScreen] = useState<string>();
  const values = useMemo(() => readVariableValues(props.variables, params), [props.variables, params]);
  const shown = props.panels.find((p) => p.id === fullScreen);
  return (
    <>
      <VariablesBar variables={props.variables} panels={props.panels} values={values} />
      {shown ? (
        <PanelFrame panel={shown} values={values} fullScreen onFullScreen={() => setFullScreen(undefined)} />
      ) : (
        <DashboardGrid panels={props.panels} values={values} onFullScreen={setFullScreen} onLayout={props.onLayout} />
      )}
    </>
  );
}
