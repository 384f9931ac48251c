import { useEffect, useRef, useState } from "react";

/** Every event name the gateway's streams carry (the schema names in contracts/, without prefix and version). */
export const EVENT_NAMES = [
  "environment.requested",
  "environment.provisioning",
  "environment.ready",
  "environment.failed",
  "environment.rejected",
  "environment.delete-requested",
  "environment.deleted",
  "job.submitted",
  "job.queued",
  "job.started",
  "job.progressed",
  "job.succeeded",
  "job.failed",
  "job.cancel-requested",
  "job.cancelled",
  "job.rejected",
  "joblog.appended",
  "sweep.requested",
  "sweep.rejected",
  "sweep.trial-started",
  "sweep.trial-stopped",
  "sweep.cancel-requested",
  "sweep.completed",
  "tracking.run-created",
  "tracking.model-registered",
  "tracking.registration-failed",
  "tracking.sweep-run-created",
] as const;

export type EventName = (typeof EVENT_NAMES)[number];

export interface StreamEvent {
  id: number;
  name: EventName;
  data: Record<string, unknown>;
}

export type StreamState = "connecting" | "open" | "reconnecting";

/** How long to wait before opening again a stream the browser gave up on (a 401, a 5xx). */
const REOPEN_MS = 3000;

/**
 * Follows an SSE stream of the gateway. The browser reconnects by itself with Last-Event-ID; when
 * it gives up, this opens the stream again from the last id seen, so no event is missed or repeated.
 */
export function useEventStream(path: string | null, onEvent: (e: StreamEvent) => void): StreamState {
  const [state, setState] = useState<StreamState>("connecting");
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  });

  useEffect(() => {
    if (path === null) return;
    let lastId: string | null = null;
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let closed = false;

    const open = () => {
      const url = lastId === null ? path : `${path}${path.includes("?") ? "&" : "?"}after=${lastId}`;
      const s = new EventSource(url, { withCredentials: true });
      source = s;
      s.onopen = () => setState("open");
      s.onerror = () => {
        if (closed) return;
        setState("reconnecting");
        if (s.readyState === EventSource.CLOSED) {
          timer = setTimeout(open, REOPEN_MS);
        }
      };
      for (const name of EVENT_NAMES) {
        s.addEventListener(name, (m: MessageEvent<string>) => {
          lastId = m.lastEventId || lastId;
          let data: Record<string, unknown>;
          try {
            data = JSON.parse(m.data) as Record<string, unknown>;
          } catch {
            return;
          }
          handler.current({ id: Number(m.lastEventId), name, data });
        });
      }
    };
    open();
    return () => {
      closed = true;
      clearTimeout(timer);
      source?.close();
    };
  }, [path]);

  return state;
}
