// The critical path: the chain of work that decides when the trace ends. From the end of the
// trace, walk down to the last-finishing child, then back in time: before a child started, the
// parent was waiting on the next earlier-finishing child (one that ends before the chosen one
// starts; children it overlaps are off the path), and time covered by no child is the parent's
// own. Children are clipped to their parent's time first, so clock skew cannot stretch the path.
import type { SpanNode, TraceTree } from "./waterfall-layout.ts";

export interface CriticalSection {
  spanId: string;
  /** Relative to the trace start, ns. */
  startNs: number;
  endNs: number;
}

export interface CriticalPath {
  /** By start time. */
  sections: CriticalSection[];
  bySpan: Map<string, CriticalSection[]>;
}

interface Clipped {
  node: SpanNode | undefined;
  startNs: number;
  endNs: number;
}

/** Children clipped to [startNs, endNs], latest end first; children wholly outside are dropped. */
function clippedChildren(children: readonly SpanNode[], startNs: number, endNs: number): Clipped[] {
  const out: Clipped[] = [];
  for (const child of children) {
    const s = Math.max(child.startNs, startNs);
    const e = Math.min(child.endNs, endNs);
    if (e >= s) out.push({ node: child, startNs: s, endNs: e });
  }
  return out.sort((a, b) => b.endNs - a.endNs || b.startNs - a.startNs);
}

interface Frame {
  span: Clipped;
  children: Clipped[];
  cursor: number;
  /** The part of the span still to attribute ends here (the start of the child walked last). */
  until: number;
}

export function criticalPath(tree: TraceTree): CriticalPath {
  const sections: CriticalSection[] = [];
  const add = (span: Clipped, startNs: number, endNs: number) => {
    // The virtual top (node undefined) holds the gaps between top-level spans: nobody's work.
    if (span.node && endNs > startNs) sections.push({ spanId: span.node.id, startNs, endNs });
  };
  // The top-level spans (root and orphans) hang under a virtual span covering the whole trace.
  const top: Clipped = { node: undefined, startNs: 0, endNs: tree.durationNs };
  const frame = (span: Clipped, children: readonly SpanNode[]): Frame => ({
    span,
    children: clippedChildren(children, span.startNs, span.endNs),
    cursor: 0,
    until: span.endNs,
  });
  // An explicit stack rather than recursion: a deep chain of spans must not overflow the stack.
  const stack: Frame[] = [frame(top, tree.roots)];
  while (stack.length > 0) {
    const f = stack[stack.length - 1]!;
    // Skip children still running at `until`: a later-finishing sibling already covers that time.
    while (f.cursor < f.children.length && f.children[f.cursor]!.endNs > f.until) f.cursor++;
    const child = f.children[f.cursor];
    if (child === undefined || f.until <= f.span.startNs) {
      add(f.span, f.span.startNs, f.until);
      stack.pop();
      continue;
    }
    f.cursor++;
    add(f.span, child.endNs, f.until);
    f.until = child.startNs;
    stack.push(frame(child, child.node!.children));
  }
  sections.sort((a, b) => a.startNs - b.startNs || a.endNs - b.endNs);
  // A zero-length child splits its parent's time in two: join the halves again.
  for (let i = sections.length - 1; i > 0; i--) {
    const prev = sections[i - 1]!;
    const cur = sections[i]!;
    if (prev.spanId === cur.spanId && prev.endNs === cur.startNs) {
      prev.endNs = cur.endNs;
      sections.splice(i, 1);
    }
  }
  const bySpan = new Map<string, CriticalSection[]>();
  for (const s of sections) {
    const list = bySpan.get(s.spanId);
    if (list) list.push(s);
    else bySpan.set(s.spanId, [s]);
  }
  return { sections, bySpan };
}
