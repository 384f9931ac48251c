import type { ReactNode } from "react";
import type { ApiError } from "../api/client";
import type { StreamState } from "../api/stream";

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

export function LoadError({ error, retry }: { error: ApiError; retry: () => void }) {
  return (
    <div className="problem" role="alert">
      <strong>{error.problem.title}</strong>
      {error.problem.detail && <div>{error.problem.detail}</div>}
      <button type="button" className="link" onClick={retry}>
        Try again
      </button>
    </div>
  );
}

/** Tells the user when live updates have stopped, instead of letting a stale page look live. */
export function StreamIndicator({ state }: { state: StreamState }) {
  const label = { open: "Live", connecting: "Connecting…", reconnecting: "Reconnecting…" }[state];
  return (
    <span className={`stream stream-${state}`} role="status" aria-live="polite">
      <span className="dot" aria-hidden="true" />
      {label}
    </span>
  );
}
