import type { EnvironmentStatus, JobStatus, SweepStatus } from "../api/types";

/** A trial early stopping ended: its job was cancelled by the sweep's rule. */
type TrialStatus = "STOPPED";
type Status = JobStatus | EnvironmentStatus | SweepStatus | TrialStatus;

// Every status the API names has a tone: a new one fails the type check until it is given one.
const TONE: Record<Status, string> = {
  READY: "ok",
  SUCCEEDED: "ok",
  RUNNING: "busy",
  PROVISIONING: "busy",
  REQUESTED: "wait",
  SUBMITTED: "wait",
  QUEUED: "wait",
  PAUSED: "wait",
  RETRYING: "warn",
  CANCELLING: "warn",
  DELETING: "warn",
  FAILED: "bad",
  REJECTED: "bad",
  CANCELLED: "off",
  STOPPED: "off",
  DELETED: "off",
};

export function StatusBadge({ status }: { status: Status }) {
  return <span className={`badge badge-${TONE[status]}`}>{status.toLowerCase()}</span>;
}
