// Everything the trace view derives from the trace and its logs, computed once per answer.
"use client";

import type { LogRecord, TraceResponse } from "@tracelight/contracts";
import { useMemo } from "react";
import { type CriticalPath, criticalPath } from "./critical-path.ts";
import { serviceColors } from "./service-colors.ts";
import { logsBySpan, type PlacedLog, placeLogs } from "./timeline.ts";
import { buildTraceTree, type SpanNode, type TraceTree } from "./waterfall-layout.ts";

export interface TraceModel {
  tree: TraceTree;
  critical: CriticalPath;
  colors: Map<string, string>;
  /** The span without a parent; the earliest top-level span when the root has not arrived. */
  root: SpanNode | undefined;
  /** Span count per service, by count. */
  services: { name: string; spans: number; errors: number }[];
  errorCount: number;
  orphanCount: number;
  skewedCount: number;
}

export function useTraceModel(trace: TraceResponse): TraceModel {
  return useMemo(() => {
    const tree = buildTraceTree(trace.spans);
    const perService = new Map<string, { name: string; spans: number; errors: number }>();
    let errorCount = 0;
    let orphanCount = 0;
    let skewedCount = 0;
    for (const node of tree.nodes) {
      const name = node.span.serviceName;
      const entry = perService.get(name) ?? { name, spans: 0, errors: 0 };
      entry.spans++;
      if (node.error) {
        entry.errors++;
        errorCount++;
      }
      if (node.orphan) orphanCount++;
      if (node.skewed) skewedCount++;
      perService.set(name, entry);
    }
    return {
      tree,
      critical: criticalPath(tree),
      colors: serviceColors(perService.keys()),
      root: tree.roots.find((n) => !n.orphan) ?? tree.roots[0],
      services: [...perService.values()].sort((a, b) => b.spans - a.spans || (a.name < b.name ? -1 : 1)),
      errorCount,
      orphanCount,
      skewedCount,
    };
  }, [trace]);
}

export interface LogModel {
  placed: PlacedLog[];
  bySpan: Map<string, PlacedLog[]>;
}

const NO_LOGS: LogModel = { placed: [], bySpan: new Map() };

export function useLogModel(tree: TraceTree, logs: LogRecord[] | undefined): LogModel {
  return useMemo(() => {
    if (logs === undefined) return NO_LOGS;
    const placed = placeLogs(tree, logs);
    return { placed, bySpan: logsBySpan(placed) };
  }, [tree, logs]);
}
