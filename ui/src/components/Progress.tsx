import type { Job } from "../api/types";

export function ProgressBar({ job }: { job: Pick<Job, "progress" | "status"> }) {
  const percent = job.status === "SUCCEEDED" ? 100 : (job.progress?.percent ?? 0);
  return (
    <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label="Training progress">
      <div className="bar" style={{ width: `${percent}%` }} />
      <span>{percent} %</span>
    </div>
  );
}
