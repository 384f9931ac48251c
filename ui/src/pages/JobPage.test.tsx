import { act, render, screen } from "@testing-library/react";
import { afterEach, vi } from "vitest";
import type { Job } from "../api/types";
import { Router } from "../router";
import { answer } from "../test-fetch";
import { JobPage } from "./JobPage";

class Source {
  static last: Source;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  readyState = 1;
  private listeners = new Map<string, ((m: MessageEvent) => void)[]>();
  constructor(readonly url: string) {
    Source.last = this;
  }
  addEventListener(name: string, f: (m: MessageEvent) => void) {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), f]);
  }
  close() {}
  send(name: string, id: number, data: unknown) {
    const m = new MessageEvent(name, { data: JSON.stringify(data), lastEventId: String(id) });
    this.listeners.get(name)?.forEach((f) => f(m));
  }
}

afterEach(() => vi.unstubAllGlobals());

const job: Job = {
  id: "0d1f2e3c-aaaa-bbbb-cccc-000000000001",
  owner: "ada",
  environment: "default",
  template: "digits-mlp",
  executor: "ray",
  workers: 2,
  hyperparameters: { epochs: 4 },
  codeFile: null,
  dataFile: null,
  status: "RUNNING",
  ended: false,
  attempt: 1,
  queuePosition: null,
  progress: { epoch: 0, epochs: 4, step: 0, percent: 0 },
  metrics: {},
  reason: null,
  attempts: [{ number: 1, status: "RUNNING", startedAt: "2026-11-28T10:00:00Z", endedAt: null, reason: null }],
  mlflowExperimentId: "1",
  mlflowRunId: "r1",
  mlflowRunUrl: "/mlflow/#/experiments/1/runs/r1",
  model: null,
  sweep: null,
  createdAt: "2026-11-28T10:00:00Z",
  updatedAt: "2026-11-28T10:00:00Z",
};

test("progress, charts and logs follow the job's stream; the MLflow run is linked", async () => {
  const calls = answer({ [`GET /api/jobs/${job.id}`]: { status: 200, body: job } });
  vi.stubGlobal("EventSource", Source);
  render(
    <Router>
      <JobPage id={job.id} />
    </Router>,
  );
  expect(await screen.findByRole("link", { name: /MLflow run/ })).toHaveAttribute("href", "/mlflow/#/experiments/1/runs/r1");
  expect(Source.last.url).toBe(`/api/jobs/${job.id}/events`);

  act(() => {
    Source.last.send("job.progressed", 5, { jobId: job.id, attempt: 1, epoch: 1, epochs: 4, step: 10, metrics: { loss: 1.2, accuracy: 0.6 } });
    Source.last.send("job.progressed", 6, { jobId: job.id, attempt: 1, epoch: 2, epochs: 4, step: 20, metrics: { loss: 0.8, accuracy: 0.75 } });
    Source.last.send("joblog.appended", 7, { jobId: job.id, attempt: 1, firstLine: 0, lines: ["starting", "epoch 1 done"] });
    Source.last.send("joblog.appended", 7, { jobId: job.id, attempt: 1, firstLine: 0, lines: ["starting", "epoch 1 done"] });
  });

  expect(screen.getByRole("progressbar", { name: "Training progress" })).toHaveAttribute("aria-valuenow", "50");
  expect(screen.getByRole("img", { name: "Loss: loss 0.8" })).toBeInTheDocument();
  expect(screen.getByRole("img", { name: "Scores: accuracy 0.75" })).toBeInTheDocument();
  expect(screen.getByLabelText("Job logs").textContent).toBe("── attempt 1 ──\nstarting\nepoch 1 done\n");
  expect(screen.getByRole("button", { name: "Cancel" })).toBeEnabled();
  expect(calls.filter((c) => c.key.startsWith("GET /api/jobs/"))).toHaveLength(1);
});
