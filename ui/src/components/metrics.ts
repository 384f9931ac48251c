import type { JobProgressed } from "../api/types";

export interface Point {
  x: number;
  y: number;
}

export interface Series {
  name: string;
  points: Point[];
}

/**
 * One series per metric over epochs, for the newest attempt only: a retried job starts its curves
 * again rather than drawing two runs as one line. Repeated events for an epoch keep the last value.
 */
export function seriesOf(events: readonly JobProgressed[]): Series[] {
  const attempt = Math.max(0, ...events.map((e) => e.attempt));
  const byMetric = new Map<string, Map<number, number>>();
  for (const e of events) {
    if (e.attempt !== attempt) continue;
    for (const [name, value] of Object.entries(e.metrics)) {
      if (typeof value !== "number" || !Number.isFinite(value)) continue;
      let points = byMetric.get(name);
      if (!points) byMetric.set(name, (points = new Map()));
      points.set(e.epoch, value);
    }
  }
  return [...byMetric.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, points]) => ({
      name,
      points: [...points.entries()].sort(([a], [b]) => a - b).map(([x, y]) => ({ x, y })),
    }));
}

/** Loss-like metrics go on one chart, the rest (accuracy, r2, …) on another, so scales stay readable. */
export function splitLoss(series: readonly Series[]): { loss: Series[]; other: Series[] } {
  const isLoss = (s: Series) => /loss|mse|mae|error/i.test(s.name);
  return { loss: series.filter(isLoss), other: series.filter((s) => !isLoss(s)) };
}
