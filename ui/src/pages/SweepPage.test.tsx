import { act, render, screen, within } from "@testing-library/react";
import { afterEach, vi } from "vitest";
import type { Sweep } from "../api/types";
import { Router } from "../router";
import { answer } from "../test-fetch";
import { SweepPage } from "./SweepPage";

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

const trial = (number: number, learningRate: number, over: Partial<Sweep["trialList"][number]>) => ({
  number,
  jobId: `s1-t${number}`,
  hyperparameters: { epochs: 9, learningRate },
  status: "RUNNING",
  epoch: 3,
  epochs: 9,
  rung: 3,
  metric: 0.9,
  metrics: { accuracy: 0.9 },
  reason: null,
  mlflowRunUrl: null,
  ...over,
});

const sweep: Sweep = {
  id: "s1",
  owner: "ada",
  environment: "default",
  template: "digits-mlp",
  method: "random",
  trials: 2,
  seed: 7,
  plannedTrials: 2,
  maxConcurrent: 2,
  metric: "accuracy",
  direction: "max",
  asha: { minEpochs: 1, reductionFactor: 3 },
  space: { learningRate: { logUniform: [0.0001, 0.1] } },
  hyperparameters: { epochs: 9 },
  workers: 1,
  status: "RUNNING",
  ended: false,
  reason: null,
  trialList: [
    trial(1, 0.01, {}),
    trial(2, 0.0001, { status: "STOPPED", epoch: 1, rung: 1, metric: 0.2, reason: "stopped early at epoch 1: accuracy 0.2, rung cut 0.6667" }),
  ],
  best: { trial: 1, jobId: "s1-t1", metric: 0.9, hyperparameters: { epochs: 9, learningRate: 0.01 }, settled: false },
  mlflowRunUrl: null,
  mlflowParentRunUrl: "/mlflow/#/experiments/7/runs/parent-1",
  model: null,
  createdAt: "2026-12-02T00:00:00Z",
  updatedAt: "2026-12-02T00:00:00Z",
};

test("a sweep shows each trial's rung, metric and stop reason, highlights the best, draws every trial's curve from its stream, and links the sweep's MLflow run", async () => {
  answer({ "GET /api/sweeps/s1": { status: 200, body: sweep } });
  vi.stubGlobal("EventSource", Source);
  render(
    <Router>
      <SweepPage id="s1" />
    </Router>,
  );
  const best = await screen.findByTestId("sweep-best");
  expect(best.textContent).toContain("Best so far: trial #1, accuracy 0.9000");
  expect(Source.last.url).toBe("/api/sweeps/s1/events");

  const stopped = document.querySelector('tr[data-trial="2"]') as HTMLElement;
  expect(within(stopped).getByText("stopped")).toBeInTheDocument();
  expect(stopped.textContent).toContain("rung cut 0.6667");
  expect(document.querySelector('tr[data-trial="1"]')).toHaveClass("best");

  act(() => {
    Source.last.send("job.progressed", 5, { jobId: "s1-t1", attempt: 1, epoch: 1, epochs: 9, step: 10, metrics: { accuracy: 0.8 } });
    Source.last.send("job.progressed", 6, { jobId: "s1-t2", attempt: 1, epoch: 1, epochs: 9, step: 10, metrics: { accuracy: 0.2 } });
    Source.last.send("job.progressed", 7, { jobId: "s1-t1", attempt: 1, epoch: 2, epochs: 9, step: 20, metrics: { loss: 0.3 } });
  });
  expect(screen.getByRole("img", { name: "accuracy per epoch: #1 0.8, #2 0.2" })).toBeInTheDocument();
  expect(screen.getByRole("img", { name: "metric against learningRate" })).toBeInTheDocument();
  expect(screen.getByRole("button", { name: "Cancel sweep" })).toBeEnabled();
  expect(screen.getByRole("link", { name: "Sweep run ↗" })).toHaveAttribute("href", "/mlflow/#/experiments/7/runs/parent-1");
});
