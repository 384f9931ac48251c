import type { Series } from "./metrics";

const W = 480;
const H = 220;
const PAD = { left: 48, right: 12, top: 12, bottom: 28 };
const COLORS = ["#2f6feb", "#d9480f", "#2b8a3e", "#862e9c", "#e67700", "#0b7285"];

function fmt(v: number): string {
  if (Number.isNaN(v)) return "–";
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1000 || a < 0.01) return v.toExponential(1);
  return Number(v.toPrecision(3)).toString();
}

/** An SVG line chart of metrics per epoch; its label says the latest values for screen readers. */
export function LineChart({ title, series, xLabel = "epoch" }: { title: string; series: readonly Series[]; xLabel?: string }) {
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) return null;
  const xMin = Math.min(...all.map((p) => p.x));
  const xMax = Math.max(...all.map((p) => p.x), xMin + 1);
  let yMin = Math.min(...all.map((p) => p.y));
  let yMax = Math.max(...all.map((p) => p.y));
  if (yMax - yMin < 1e-9) {
    yMin -= 0.5;
    yMax += 0.5;
  }
  const sx = (x: number) => PAD.left + ((x - xMin) / (xMax - xMin)) * (W - PAD.left - PAD.right);
  const sy = (y: number) => H - PAD.bottom - ((y - yMin) / (yMax - yMin)) * (H - PAD.top - PAD.bottom);
  const lastOf = (s: Series) => s.points[s.points.length - 1];
  const latest = series
    .flatMap((s) => {
      const p = lastOf(s);
      return p ? [`${s.name} ${fmt(p.y)}`] : [];
    })
    .join(", ");
  const ticks = [yMin, (yMin + yMax) / 2, yMax];

  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}: ${latest}`}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={sy(t)} y2={sy(t)} className="grid" />
            <text x={PAD.left - 6} y={sy(t) + 4} textAnchor="end" className="tick">
              {fmt(t)}
            </text>
          </g>
        ))}
        <text x={PAD.left} y={H - 8} className="tick">
          {xLabel} {xMin}
        </text>
        <text x={W - PAD.right} y={H - 8} textAnchor="end" className="tick">
          {xMax}
        </text>
        {series.map((s, i) => (
          <g key={s.name} stroke={COLORS[i % COLORS.length]} fill={COLORS[i % COLORS.length]}>
            <polyline fill="none" strokeWidth={2} points={s.points.map((p) => `${sx(p.x)},${sy(p.y)}`).join(" ")} />
            {s.points.length === 1 && s.points[0] && <circle cx={sx(s.points[0].x)} cy={sy(s.points[0].y)} r={3} />}
          </g>
        ))}
      </svg>
      <ul className="legend">
        {series.map((s, i) => (
          <li key={s.name}>
            <span className="swatch" style={{ background: COLORS[i % COLORS.length] }} aria-hidden="true" />
            {s.name}: {fmt(lastOf(s)?.y ?? NaN)}
          </li>
        ))}
      </ul>
    </figure>
  );
}
