const TONE: Record<string, string> = {
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

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${TONE[status] ?? "off"}`}>{status.toLowerCase()}</span>;
}
