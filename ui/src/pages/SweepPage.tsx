import { useState } from "react";
import { useCancelSweep, useSweep } from "../api/hooks";
import { useEventStream } from "../api/stream";
import type { JobProgressed, Sweep, SweepTrial } from "../api/types";
import { LineChart } from "../components/LineChart";
import type { Series } from "../components/metrics";
import { ProblemBanner } from "../components/Problem";
import { LoadError, Loading, StreamIndicator } from "../components/States";
import { StatusBadge } from "../components/StatusBadge";
import { ago, useThrottled } from "../lib/throttle";
import { Link } from "../router";

type Curves = Record<string, Map<number, number>>;

/** A sweep, live: every trial's metric curve on one chart, its trials, and the metric per parameter. */
export function SweepPage({ id }: { id: string }) {
  const sweep = useSweep(id);
  const cancel = useCancelSweep();
  const [curves, setCurves] = useState<Curves>({});
  const reload = useThrottled(sweep.reload, 500);

  const stream = useEventStream(`/api/sweeps/${encodeURIComponent(id)}/events`, (e) => {
    if (e.name === "job.progressed") {
      const p = e.data as unknown as JobProgressed;
      const metric = sweep.data?.metric ?? "accuracy";
      const value = p.metrics[metric];
      if (typeof value === "number" && Number.isFinite(value)) {
        setCurves((old) => {
          const points = new Map(old[p.jobId] ?? []);
          points.set(p.epoch, value);
          return { ...old, [p.jobId]: points };
        });
      }
    }
    if (e.name !== "joblog.appended") reload();
  });

  if (sweep.loading && !sweep.data) return <Loading what="the sweep" />;
  if (sweep.error && !sweep.data) return <LoadError error={sweep.error} retry={sweep.reload} />;
  const s = sweep.data;
  if (!s) return null;
  const series: Series[] = s.trialList
    .filter((t) => curves[t.jobId])
    .map((t) => ({
      name: `#${t.number}`,
      points: [...(curves[t.jobId] ?? new Map<number, number>()).entries()].sort(([a], [b]) => a - b).map(([x, y]) => ({ x, y })),
    }));
  const searched = Object.keys(s.space);

  return (
    <>
      <div className="page-head">
        <h1>
          Sweep <code>{s.id.slice(0, 8)}</code> <StatusBadge status={s.status} />
        </h1>
        <StreamIndicator state={stream} />
      </div>
      <div className="card">
        <dl>
          <dt>Template</dt>
          <dd>{s.template}</dd>
          <dt>Environment</dt>
          <dd>{s.environment}</dd>
          <dt>Search</dt>
          <dd>
            {s.method}, {s.plannedTrials} trials, {s.maxConcurrent} at once
            {s.asha ? `, ASHA (min ${s.asha.minEpochs} epoch, η ${s.asha.reductionFactor})` : ", no early stopping"}
          </dd>
          <dt>Metric</dt>
          <dd>
            {s.metric} ({s.direction})
          </dd>
          <dt>Started</dt>
          <dd>{ago(s.createdAt)}</dd>
          {s.mlflowParentRunUrl && (
            <>
              <dt>MLflow</dt>
              <dd>
                <a href={s.mlflowParentRunUrl} target="_blank" rel="noreferrer">
                  Sweep run ↗
                </a>
              </dd>
            </>
          )}
        </dl>
        {s.best && (
          <p className="best" data-testid="sweep-best">
            {s.best.settled ? "Best" : "Best so far"}: trial #{s.best.trial}, {s.metric} {s.best.metric.toFixed(4)}{" "}
            <Link to={`/jobs/${s.best.jobId}`}>job</Link>
            {s.mlflowRunUrl && (
              <>
                {" · "}
                <a href={s.mlflowRunUrl} target="_blank" rel="noreferrer">
                  Its MLflow run ↗
                </a>
              </>
            )}
            {s.model && (
              <>
                {" · "}
                <Link to={`/models/${encodeURIComponent(s.model.name)}`}>
                  Model {s.model.name} v{s.model.version}
                </Link>
              </>
            )}
          </p>
        )}
        {s.reason && <p className="reason">{s.reason}</p>}
        {!s.ended && (
          <button
            type="button"
            className="danger"
            disabled={cancel.pending || s.status === "CANCELLING"}
            onClick={async () => {
              if (await cancel.run(s.id)) sweep.reload();
            }}
          >
            {s.status === "CANCELLING" ? "Cancelling…" : "Cancel sweep"}
          </button>
        )}
        <ProblemBanner error={cancel.error} />
      </div>

      <section aria-labelledby="curves-title">
        <h2 id="curves-title">{s.metric} by trial</h2>
        {series.length === 0 ? <p className="muted">Each trial's curve appears as its epochs end.</p> : <LineChart title={`${s.metric} per epoch`} series={series} />}
      </section>

      <section aria-labelledby="trials-title">
        <h2 id="trials-title">Trials</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">#</th>
              {searched.map((p) => (
                <th scope="col" key={p}>
                  {p}
                </th>
              ))}
              <th scope="col">Status</th>
              <th scope="col">Rung</th>
              <th scope="col">Epoch</th>
              <th scope="col">{s.metric}</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {s.trialList.map((t) => (
              <tr key={t.jobId} data-trial={t.number} className={s.best?.jobId === t.jobId ? "best" : undefined}>
                <td>
                  <Link to={`/jobs/${t.jobId}`}>{t.number}</Link>
                </td>
                {searched.map((p) => (
                  <td key={p}>{fmt(t.hyperparameters[p])}</td>
                ))}
                <td>
                  <StatusBadge status={t.status as Sweep["status"]} />
                </td>
                <td>{t.rung ?? "–"}</td>
                <td>{t.epoch != null ? `${t.epoch}/${t.epochs ?? "?"}` : "–"}</td>
                <td>{t.metric != null ? t.metric.toFixed(4) : "–"}</td>
                <td className="small">{t.reason ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {searched.length > 0 && (
        <section aria-labelledby="params-title">
          <h2 id="params-title">{s.metric} against each parameter</h2>
          <div className="charts">
            {searched.map((p) => (
              <Scatter key={p} name={p} trials={s.trialList} />
            ))}
          </div>
        </section>
      )}
    </>
  );
}

function fmt(v: unknown): string {
  return typeof v === "number" ? Number(v.toPrecision(3)).toString() : String(v ?? "");
}

/** Each trial's latest metric against one parameter; a log axis when the values span decades. */
function Scatter({ name, trials }: { name: string; trials: SweepTrial[] }) {
  const points = trials
    .filter((t) => typeof t.hyperparameters[name] === "number" && t.metric != null)
    .map((t) => ({ x: t.hyperparameters[name] as number, y: t.metric as number }));
  if (points.length === 0) return null;
  const xs = points.map((p) => p.x);
  const log = Math.min(...xs) > 0 && Math.max(...xs) / Math.min(...xs) > 100;
  const W = 320;
  const H = 200;
  const pad = 32;
  const fx = (x: number) => (log ? Math.log10(x) : x);
  const [x0, x1] = [Math.min(...xs.map(fx)), Math.max(...xs.map(fx))];
  const ys = points.map((p) => p.y);
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const sx = (x: number) => pad + ((fx(x) - x0) / Math.max(x1 - x0, 1e-9)) * (W - 2 * pad);
  const sy = (y: number) => H - pad - ((y - y0) / Math.max(y1 - y0, 1e-9)) * (H - 2 * pad);
  return (
    <figure className="chart">
      <figcaption>
        {name}
        {log ? " (log)" : ""}
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`metric against ${name}`}>
        <line x1={pad} x2={W - pad} y1={H - pad} y2={H - pad} className="grid" />
        {points.map((p, i) => (
          <circle key={i} cx={sx(p.x)} cy={sy(p.y)} r={4} fill="#2f6feb" />
        ))}
        <text x={pad} y={H - 8} className="tick">
          {fmt(Math.min(...xs))}
        </text>
        <text x={W - pad} y={H - 8} textAnchor="end" className="tick">
          {fmt(Math.max(...xs))}
        </text>
      </svg>
    </figure>
  );
}
