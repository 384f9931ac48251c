import { useState } from "react";
import { useEnvironments, useJobs } from "../api/hooks";
import { jobStatusValues } from "../api/types";
import { useEventStream } from "../api/stream";
import { ProgressBar } from "../components/Progress";
import { Empty, LoadError, Loading, StreamIndicator } from "../components/States";
import { StatusBadge } from "../components/StatusBadge";
import { ago, useThrottled } from "../lib/throttle";
import { Link } from "../router";

const STATUSES = ["", ...jobStatusValues];

export function JobsPage() {
  const [status, setStatus] = useState("");
  const [environment, setEnvironment] = useState("");
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const jobs = useJobs({ status, environment, cursor });
  const environments = useEnvironments();
  const reload = useThrottled(jobs.reload, 1000);
  const stream = useEventStream("/api/events", (e) => {
    if (e.name.startsWith("job.") || e.name.startsWith("tracking.")) reload();
  });

  const next = jobs.data?.nextCursor;

  const filter = (set: (v: string) => void) => (v: string) => {
    set(v);
    setCursors([]);
  };

  return (
    <>
      <div className="page-head">
        <h1>Jobs</h1>
        <StreamIndicator state={stream} />
      </div>
      <div className="filters">
        <label>
          Status{" "}
          <select value={status} onChange={(e) => filter(setStatus)(e.target.value)}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s ? s.toLowerCase() : "any"}
              </option>
            ))}
          </select>
        </label>
        <label>
          Environment{" "}
          <select value={environment} onChange={(e) => filter(setEnvironment)(e.target.value)}>
            <option value="">any</option>
            {(environments.data ?? []).map((env) => (
              <option key={env.name}>{env.name}</option>
            ))}
          </select>
        </label>
      </div>
      {jobs.loading && !jobs.data && <Loading what="jobs" />}
      {jobs.error && <LoadError error={jobs.error} retry={jobs.reload} />}
      {jobs.data && jobs.data.items.length === 0 && (
        <Empty>
          No jobs{status || environment ? " match these filters" : " yet"}. <Link to="/">Start one from the dashboard.</Link>
        </Empty>
      )}
      {jobs.data && jobs.data.items.length > 0 && (
        <div className="table-wrap">
          <table className="jobs">
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Model</th>
                <th scope="col">Environment</th>
                <th scope="col">Status</th>
                <th scope="col">Progress</th>
                <th scope="col">Submitted</th>
              </tr>
            </thead>
            <tbody>
              {jobs.data.items.map((job) => (
                <tr key={job.id} data-job={job.id}>
                  <td>
                    <Link to={`/jobs/${job.id}`}>{job.id.slice(0, 8)}</Link>
                  </td>
                  <td>{job.template ?? "own code"}</td>
                  <td>{job.environment ?? "–"}</td>
                  <td>
                    <StatusBadge status={job.status} />
                    {job.queuePosition != null && job.status === "QUEUED" && (
                      <span className="muted small"> #{job.queuePosition} in queue</span>
                    )}
                  </td>
                  <td>
                    <ProgressBar job={job} />
                  </td>
                  <td className="muted small">{ago(job.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="row pager">
        {cursors.length > 0 && (
          <button type="button" onClick={() => setCursors(cursors.slice(0, -1))}>
            ← Newer
          </button>
        )}
        {next && (
          <button type="button" onClick={() => setCursors([...cursors, next])}>
            Older →
          </button>
        )}
      </div>
    </>
  );
}
