import type { JobProgressed } from "../api/types";
import { seriesOf, splitLoss } from "./metrics";

const at = (attempt: number, epoch: number, metrics: Record<string, number>): JobProgressed => ({
  jobId: "j",
  attempt,
  epoch,
  epochs: 3,
  step: epoch * 10,
  metrics,
});

test("a retried job's curves show only its newest attempt, one point per epoch", () => {
  const series = seriesOf([
    at(1, 1, { loss: 2, accuracy: 0.1 }),
    at(1, 2, { loss: 1.5, accuracy: 0.3 }),
    at(2, 1, { loss: 1.9, accuracy: 0.2 }),
    at(2, 2, { loss: 1.2, accuracy: 0.5 }),
    at(2, 2, { loss: 1.1, accuracy: 0.55 }),
  ]);
  expect(series).toEqual([
    { name: "accuracy", points: [{ x: 1, y: 0.2 }, { x: 2, y: 0.55 }] },
    { name: "loss", points: [{ x: 1, y: 1.9 }, { x: 2, y: 1.1 }] },
  ]);
});

test("loss-like metrics get their own chart", () => {
  const { loss, other } = splitLoss(seriesOf([at(1, 1, { loss: 1, val_loss: 2, accuracy: 0.5, mse: 3 })]));
  expect(loss.map((s) => s.name)).toEqual(["loss", "mse", "val_loss"]);
  expect(other.map((s) => s.name)).toEqual(["accuracy"]);
});

test("no events, no series", () => {
  expect(seriesOf([])).toEqual([]);
});
