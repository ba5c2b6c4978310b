// SVG path math for the small trend lines of the services table: values spread evenly across
// the width, scaled from zero (or the given floor) to the largest value. Pure, so it is tested.

export interface SparklineGeometry {
  width: number;
  height: number;
  /** Pixels kept free at the top and bottom so a 1.5 px stroke is not clipped. */
  pad?: number;
  /** The value drawn at the bottom edge; 0 by default so that a flat line reads as "no change from 0". */
  floor?: number;
  /** The value drawn at the top edge; the largest value by default. */
  ceiling?: number;
}

export interface SparklinePaths {
  /** The line; gaps (null values) start a new segment. "" when there is nothing to draw. */
  line: string;
  /** The line closed down to the bottom edge, one shape per segment, for a light fill. */
  area: string;
  /** The last drawn point (to mark "now"), undefined when every value is null. */
  last?: { x: number; y: number };
}

const round = (n: number) => Math.round(n * 10) / 10;

export function sparklinePaths(values: readonly (number | null)[], geometry: SparklineGeometry): SparklinePaths {
  const { width, height, pad = 2 } = geometry;
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (finite.length === 0) return { line: "", area: "" };
  const floor = geometry.floor ?? Math.min(0, ...finite);
  const top = geometry.ceiling ?? Math.max(...finite);
  const span = top - floor;
  const bottom = height - pad;
  const usable = height - 2 * pad;
  // One value is drawn as a short level line across the whole width.
  const stepX = values.length > 1 ? width / (values.length - 1) : 0;
  const y = (v: number) =>
    span <= 0 ? bottom : bottom - (Math.min(Math.max(v, floor), top) - floor) * (usable / span);

  const segments: { x: number; y: number }[][] = [];
  let current: { x: number; y: number }[] | undefined;
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      current = undefined;
      return;
    }
    if (current === undefined) {
      current = [];
      segments.push(current);
    }
    current.push({ x: round(i * stepX), y: round(y(v)) });
  });
  if (values.length === 1 && segments[0]?.[0]) segments[0].push({ x: width, y: segments[0][0].y });

  const line: string[] = [];
  const area: string[] = [];
  for (const points of segments) {
    const first = points[0];
    const lastPoint = points[points.length - 1];
    if (!first || !lastPoint) continue;
    // A lone point between gaps becomes a 1 px tick so that it stays visible.
    const body =
      points.length === 1
        ? `M${first.x} ${first.y} h1`
        : points.map((p, i) => `${i === 0 ? "M" : "L"}${p.x} ${p.y}`).join(" ");
    line.push(body);
    area.push(`${body} L${lastPoint.x} ${round(bottom)} L${first.x} ${round(bottom)} Z`);
  }
  const lastSegment = segments[segments.length - 1];
  const last = lastSegment?.[lastSegment.length - 1];
  return { line: line.join(" "), area: area.join(" "), last };
}
