import { useEffect, useRef, useState } from "react";
import { useCancelJob, useJob } from "../api/hooks";
import { useEventStream } from "../api/stream";
import type { JobLogAppended, JobProgressed } from "../api/types";
import { LineChart } from "../components/LineChart";
import { seriesOf, splitLoss } from "../components/metrics";
import { ProgressBar } from "../components/Progress";
import { ProblemBanner } from "../components/Problem";
import { LoadError, Loading, StreamIndicator } from "../components/States";
import { StatusBadge } from "../components/StatusBadge";
import { ago, useThrottled } from "../lib/throttle";
import { Link } from "../router";

interface LogLine {
  key: string;
  attempt: number;
  text: string;
}

export function JobPage({ id }: { id: string }) {
  const job = useJob(id);
  const cancel = useCancelJob();
  const [progress, setProgress] = useState<JobProgressed[]>([]);
  const [logs, setLogs] = useState<Map<string, LogLine>>(new Map());
  const reload = useThrottled(job.reload, 500);

  // The job's stream starts at its submission, so the charts and logs fill in from the start.
  const stream = useEventStream(`/api/jobs/${encodeURIComponent(id)}/events`, (e) => {
    if (e.name === "job.progressed") {
      setProgress((p) => [...p, e.data as unknown as JobProgressed]);
    } else if (e.name === "joblog.appended") {
      const d = e.data as unknown as JobLogAppended;
      setLogs((old) => {
        const next = new Map(old);
        d.lines.forEach((text, i) => {
          const key = `${d.attempt}:${d.firstLine + i}`;
          next.set(key, { key, attempt: d.attempt, text });
        });
        return next;
      });
    } else {
      reload();
    }
  });

  const series = seriesOf(progress);
  const { loss, other } = splitLoss(series);
  const last = progress[progress.length - 1];

  if (job.loading && !job.data) return <Loading what="the job" />;
  if (job.error && !job.data) return <LoadError error={job.error} retry={job.reload} />;
  const j = job.data;
  if (!j) return null;
  const running = !j.ended;
  const live =
    running && last && last.attempt === j.attempt
      ? { ...j, progress: { epoch: last.epoch, epochs: last.epochs, step: last.step, percent: Math.floor((100 * last.epoch) / Math.max(1, last.epochs)) } }
      : j;

  return (
    <>
      <div className="page-head">
        <h1>
          Job <code>{j.id.slice(0, 8)}</code> <StatusBadge status={j.status} />
        </h1>
        <StreamIndicator state={stream} />
      </div>
      <div className="job-summary card">
        <dl>
          <dt>Model</dt>
          <dd>{j.codeFile ? `own code (${[j.codeFile, j.dataFile].filter(Boolean).join(", ")})` : j.template}</dd>
          <dt>Environment</dt>
          <dd>{j.environment ?? "–"}</dd>
          <dt>Workers</dt>
          <dd>
            {j.workers} ({j.executor ?? "ray"})
          </dd>
          {j.sweep && (
            <>
              <dt>Sweep</dt>
              <dd>
                <Link to={`/sweeps/${j.sweep}`}>trial of {j.sweep.slice(0, 8)}</Link>
              </dd>
            </>
          )}
          <dt>Attempt</dt>
          <dd>{j.attempt}</dd>
          {j.status === "QUEUED" && j.queuePosition != null && (
            <>
              <dt>Queue</dt>
              <dd>position {j.queuePosition}</dd>
            </>
          )}
          <dt>Submitted</dt>
          <dd>{ago(j.createdAt)}</dd>
        </dl>
        <ProgressBar job={live} />
        {j.reason && <p className="reason">{j.reason}</p>}
        <div className="row actions">
          {j.mlflowRunUrl && (
            <a href={j.mlflowRunUrl} target="_blank" rel="noreferrer">
              MLflow run ↗
            </a>
          )}
          {j.model && (
            <Link to={`/models/${encodeURIComponent(j.model.name)}`}>
              Model {j.model.name} v{j.model.version}
            </Link>
          )}
          {running && (
            <button
              type="button"
              className="danger"
              disabled={cancel.pending || j.status === "CANCELLING"}
              onClick={async () => {
                if (await cancel.run(j.id)) job.reload();
              }}
            >
              {j.status === "CANCELLING" ? "Cancelling…" : "Cancel"}
            </button>
          )}
        </div>
        <ProblemBanner error={cancel.error} />
      </div>

      <section aria-labelledby="metrics-title">
        <h2 id="metrics-title">Metrics</h2>
        {series.length === 0 ? (
          <p className="muted">{running ? "The first epoch's figures appear here as soon as it ends." : "This job reported no metrics."}</p>
        ) : (
          <div className="charts">
            {loss.length > 0 && <LineChart title="Loss" series={loss} />}
            {other.length > 0 && <LineChart title="Scores" series={other} />}
          </div>
        )}
        <details>
          <summary>Hyperparameters and final metrics</summary>
          <pre className="kv">{JSON.stringify({ hyperparameters: j.hyperparameters, metrics: j.metrics }, null, 2)}</pre>
        </details>
      </section>

      {j.attempts.length > 0 && (
        <section aria-labelledby="attempts-title">
          <h2 id="attempts-title">Attempts</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Status</th>
                <th scope="col">Started</th>
                <th scope="col">Ended</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {j.attempts.map((a) => (
                <tr key={a.number}>
                  <td>{a.number}</td>
                  <td>
                    <StatusBadge status={a.status} />
                  </td>
                  <td>{ago(a.startedAt)}</td>
                  <td>{ago(a.endedAt)}</td>
                  <td>{a.reason ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      <section aria-labelledby="logs-title">
        <h2 id="logs-title">Logs</h2>
        <LogView lines={[...logs.values()]} />
      </section>
    </>
  );
}

function LogView({ lines }: { lines: LogLine[] }) {
  const ref = useRef<HTMLPreElement>(null);
  const [follow, setFollow] = useState(true);
  useEffect(() => {
    const el = ref.current;
    if (el && follow) el.scrollTop = el.scrollHeight;
  }, [lines.length, follow]);
  if (lines.length === 0) return <p className="muted">No output yet.</p>;
  return (
    <pre
      ref={ref}
      className="logs"
      tabIndex={0}
      aria-label="Job logs"
      onScroll={(e) => {
        const el = e.currentTarget;
        setFollow(el.scrollHeight - el.scrollTop - el.clientHeight < 24);
      }}
    >
      {lines.map((l, i) => {
        const header = i === 0 || lines[i - 1]?.attempt !== l.attempt;
        return (
          <span key={l.key}>
            {header && <span className="log-attempt">── attempt {l.attempt} ──{"\n"}</span>}
            {l.text}
            {"\n"}
          </span>
        );
      })}
    </pre>
  );
}
