// Waterfall layout: a trace's spans → a tree by parent ID (orphans and broken parent chains at
// the top level), in display order, each placed on the trace's time axis. Pure.
import type { Span } from "@tracelight/contracts";

export interface SpanNode {
  span: Span;
  id: string;
  /** Start and end relative to the trace start, in nanoseconds (exact for traces < 104 days). */
  startNs: number;
  endNs: number;
  depth: number;
  parent: SpanNode | undefined;
  /** Ordered by start time. */
  children: SpanNode[];
  /** Names a parent that is not in the trace (not arrived yet, dropped, or sampled out). */
  orphan: boolean;
  /** Starts before its parent or ends after it: the hosts' clocks disagree, or the work is async. */
  skewed: boolean;
  error: boolean;
  /** Spans below this one, all depths. */
  descendantCount: number;
  /** Position in the fully expanded display order. */
  index: number;
}

export interface TraceTree {
  /** Earliest span start: epoch ms and the exact unix nanoseconds. */
  startMs: number;
  startNano: bigint;
  durationNs: number;
  /** Top-level spans: the root(s) and the orphans, by start time. */
  roots: SpanNode[];
  /** Pre-order (parent before children, siblings by start time). */
  nodes: SpanNode[];
  byId: Map<string, SpanNode>;
  maxDepth: number;
}

/** Exact unix nanoseconds of a `...UnixNano` string, falling back to epoch ms. */
export function toNano(unixNano: string | undefined, epochMs: number): bigint {
  if (unixNano !== undefined && /^\d{1,20}$/.test(unixNano) && unixNano !== "0") return BigInt(unixNano);
  const whole = Math.floor(epochMs);
  return BigInt(whole) * 1_000_000n + BigInt(Math.round((epochMs - whole) * 1e6));
}

const bySiblingOrder = (a: SpanNode, b: SpanNode) =>
  a.startNs - b.startNs || b.endNs - a.endNs || (a.span.name < b.span.name ? -1 : a.span.name > b.span.name ? 1 : 0);

export function buildTraceTree(spans: readonly Span[]): TraceTree {
  const starts = spans.map((s) => toNano(s.startTimeUnixNano, s.startTime));
  let startNano = starts.length === 0 ? 0n : starts[0]!;
  for (const s of starts) if (s < startNano) startNano = s;

  const byId = new Map<string, SpanNode>();
  const all: SpanNode[] = [];
  spans.forEach((span, i) => {
    // A span sent twice (exporter retry) is drawn once.
    if (byId.has(span.spanId)) return;
    const startNs = Number(starts[i]! - startNano);
    const node: SpanNode = {
      span,
      id: span.spanId,
      startNs,
      endNs: startNs + Math.max(0, span.durationNs),
      depth: 0,
      parent: undefined,
      children: [],
      orphan: false,
      skewed: false,
      error: span.statusCode === "Error",
      descendantCount: 0,
      index: 0,
    };
    byId.set(span.spanId, node);
    all.push(node);
  });

  const roots: SpanNode[] = [];
  for (const node of all) {
    const parentId = node.span.parentSpanId;
    const parent = parentId === "" || parentId === node.id ? undefined : byId.get(parentId);
    if (parent) {
      node.parent = parent;
      parent.children.push(node);
    } else {
      // A span naming itself as parent is as broken as one naming a missing span.
      node.orphan = parentId !== "";
      roots.push(node);
    }
  }
  for (const node of all) node.children.sort(bySiblingOrder);
  roots.sort(bySiblingOrder);

  const nodes: SpanNode[] = [];
  const visited = new Set<SpanNode>();
  const walk = (top: SpanNode) => {
    const stack: SpanNode[] = [top];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (visited.has(node)) continue;
      visited.add(node);
      node.depth = node.parent && node !== top ? node.parent.depth + 1 : 0;
      node.index = nodes.length;
      nodes.push(node);
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
    }
  };
  for (const root of roots) walk(root);
  // Spans whose parent chain loops never hang from a root: cut each loop where the walk up
  // from a stranded span first meets itself, and hang that span at the top level.
  for (const start of all) {
    if (visited.has(start)) continue;
    const seen = new Set<SpanNode>();
    let node = start;
    while (!seen.has(node) && node.parent) {
      seen.add(node);
      node = node.parent;
    }
    if (node.parent) node.parent.children = node.parent.children.filter((c) => c !== node);
    node.parent = undefined;
    node.orphan = true;
    roots.push(node);
    walk(node);
  }

  let maxDepth = 0;
  let endNs = 0;
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i]!;
    if (node.depth > maxDepth) maxDepth = node.depth;
    if (node.endNs > endNs) endNs = node.endNs;
    if (node.parent) {
      node.parent.descendantCount += node.descendantCount + 1;
      node.skewed = node.startNs < node.parent.startNs || node.endNs > node.parent.endNs;
    }
  }
  return { startMs: Number(startNano) / 1e6, startNano, durationNs: endNs, roots, nodes, byId, maxDepth };
}

/** The rows to draw: every node except those under a collapsed one. */
export function visibleNodes(tree: TraceTree, collapsed: ReadonlySet<string>): SpanNode[] {
  if (collapsed.size === 0) return tree.nodes;
  const rows: SpanNode[] = [];
  for (let i = 0; i < tree.nodes.length; i++) {
    const node = tree.nodes[i]!;
    rows.push(node);
    if (collapsed.has(node.id)) i += node.descendantCount;
  }
  return rows;
}

/** Left edge and width of a span's bar as fractions (0..1) of the trace's duration. */
export function barFractions(node: SpanNode, durationNs: number): { offset: number; width: number } {
  if (durationNs <= 0) return { offset: 0, width: 0 };
  return { offset: node.startNs / durationNs, width: (node.endNs - node.startNs) / durationNs };
}

/** IDs of the span's ancestors, nearest first: the ones to expand so that it is visible. */
export function ancestorIds(tree: TraceTree, spanId: string): string[] {
  const ids: string[] = [];
  for (let node = tree.byId.get(spanId)?.parent; node; node = node.parent) ids.push(node.id);
  return ids;
}

/** The collapse set after collapsing every span below `depth` that has children. */
export function collapseBelowDepth(tree: TraceTree, depth: number): Set<string> {
  return new Set(tree.nodes.filter((n) => n.depth >= depth && n.children.length > 0).map((n) => n.id));
}

/** Ticks for the time ruler: round steps (1, 2, 5 × 10^n ns) giving about `target` intervals. */
export function rulerTicks(durationNs: number, target = 5): number[] {
  if (durationNs <= 0) return [0];
  const raw = durationNs / target;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let t = 0; t <= durationNs + step * 1e-9; t += step) ticks.push(t);
  return ticks;
}
