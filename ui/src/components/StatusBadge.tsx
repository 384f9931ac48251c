import type { EnvironmentStatus, JobStatus } from "../api/types";

// Every status the API names has a tone: a new one fails the type check until it is given one.
const TONE: Record<JobStatus | EnvironmentStatus, string> = {
  READY: "ok",
  SUCCEEDED: "ok",
  RUNNING: "busy",
  PROVISIONING: "busy",
  REQUESTED: "wait",
  SUBMITTED: "wait",
  QUEUED: "wait",
  RETRYING: "warn",
  CANCELLING: "warn",
  DELETING: "warn",
  FAILED: "bad",
  REJECTED: "bad",
  CANCELLED: "off",
  DELETED: "off",
};

export function StatusBadge({ status }: { status: JobStatus | EnvironmentStatus }) {
  return <span className={`badge badge-${TONE[status]}`}>{status.toLowerCase()}</span>;
}
