import { act, render, screen } from "@testing-library/react";
import { afterEach, vi } from "vitest";
import { StreamIndicator } from "../components/States";
import { useEventStream, type StreamEvent } from "./stream";

/** Just enough of EventSource to play a server: open, send, fail. */
class FakeSource {
  static all: FakeSource[] = [];
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  readyState = FakeSource.CONNECTING;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  private listeners = new Map<string, ((m: MessageEvent) => void)[]>();
  constructor(readonly url: string) {
    FakeSource.all.push(this);
  }
  addEventListener(name: string, f: (m: MessageEvent) => void) {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), f]);
  }
  close() {
    this.readyState = FakeSource.CLOSED;
  }
  open() {
    this.readyState = FakeSource.OPEN;
    this.onopen?.();
  }
  send(name: string, id: number, data: unknown) {
    const m = new MessageEvent(name, { data: JSON.stringify(data), lastEventId: String(id) });
    this.listeners.get(name)?.forEach((f) => f(m));
  }
  fail(closed: boolean) {
    this.readyState = closed ? FakeSource.CLOSED : FakeSource.CONNECTING;
    this.onerror?.();
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
  FakeSource.all = [];
});

function Follow({ seen }: { seen: StreamEvent[] }) {
  const state = useEventStream("/api/jobs/j1/events", (e) => seen.push(e));
  return <StreamIndicator state={state} />;
}

test("the page says when live updates stop, and a stream the browser gave up on resumes after the last id", () => {
  vi.useFakeTimers();
  vi.stubGlobal("EventSource", FakeSource);
  const seen: StreamEvent[] = [];
  render(<Follow seen={seen} />);
  const source = (i: number) => {
    const s = FakeSource.all[i];
    if (!s) throw new Error(`no stream #${i} was opened`);
    return s;
  };
  const first = source(0);
  expect(first.url).toBe("/api/jobs/j1/events");
  expect(screen.getByRole("status")).toHaveTextContent("Connecting…");

  act(() => first.open());
  expect(screen.getByRole("status")).toHaveTextContent("Live");
  act(() => first.send("job.progressed", 41, { jobId: "j1", epoch: 1 }));
  expect(seen).toEqual([{ id: 41, name: "job.progressed", data: { jobId: "j1", epoch: 1 } }]);

  act(() => first.fail(false));
  expect(screen.getByRole("status")).toHaveTextContent("Reconnecting…");
  expect(FakeSource.all).toHaveLength(1);

  act(() => first.fail(true));
  act(() => vi.advanceTimersByTime(3000));
  expect(FakeSource.all).toHaveLength(2);
  expect(source(1).url).toBe("/api/jobs/j1/events?after=41");
  act(() => source(1).open());
  expect(screen.getByRole("status")).toHaveTextContent("Live");
});
