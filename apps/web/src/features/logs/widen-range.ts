// "Widen the range" for an empty search: a relative range reaches further back (the next
// preset at least four times as long); an absolute one grows four times around its centre.
import {
  isRelative,
  parseTimeExpr,
  RELATIVE_PRESETS,
  type ResolvedRange,
  scaleRange,
  type TimeRangeExpr,
} from "../../lib/time-range.ts";

const FACTOR = 4;
const DAY_MS = 86_400_000;

export function widenRange(expr: TimeRangeExpr, range: ResolvedRange): TimeRangeExpr {
  const lengthMs = Math.max(range.toMs - range.fromMs, 60_000);
  if (!isRelative(expr) || expr.to.trim() !== "now") return scaleRange(range, FACTOR);
  const wanted = lengthMs * FACTOR;
  const preset = RELATIVE_PRESETS.find((p) => -(parseTimeExpr(p.from, 0) ?? 0) >= wanted);
  return { from: preset?.from ?? `now-${Math.ceil(wanted / DAY_MS)}d`, to: "now" };
}
