import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, vi } from "vitest";
import type { Environment } from "../api/types";
import { answer } from "../test-fetch";
import { TrainPanel } from "./TrainPanel";

afterEach(() => vi.unstubAllGlobals());

const env = (name: string, workers: number): Environment => ({
  name,
  owner: "ada",
  status: "READY",
  reason: null,
  workers,
  workerCpu: 1,
  workerMemoryGi: 2,
  gpusPerWorker: 0,
  dashboardUrl: null,
  createdAt: "2026-11-28T10:00:00Z",
  updatedAt: "2026-11-28T10:00:00Z",
});

const template = {
  id: "digits-mlp",
  title: "Digits classifier (MLP)",
  description: "8×8 digits",
  inputShape: [64],
  outputShape: [10],
  primaryMetric: "accuracy",
  direction: "max",
  hyperparameters: { type: "object", properties: { epochs: { type: "integer", minimum: 1, maximum: 200, default: 10 } } },
};

const environments = (list: Environment[]) => ({ data: list, loading: false, error: undefined, reload: () => {} });

test("the workers field offers the chosen environment's size, and follows a change of environment", async () => {
  answer({ "GET /api/templates": { status: 200, body: [template] } });
  render(<TrainPanel environments={environments([env("small", 1), env("big", 3)])} />);

  const workers = await screen.findByLabelText("Workers");
  expect(workers).toHaveValue(1);

  await userEvent.selectOptions(screen.getByLabelText("Environment"), "big");
  expect(workers).toHaveValue(3);

  await userEvent.clear(workers);
  await userEvent.type(workers, "2");
  expect(workers).toHaveValue(2);
});

test("own code goes as multipart with its hyperparameters, and a malformed JSON is refused beside its field", async () => {
  const calls = answer({
    "GET /api/templates": { status: 200, body: [template] },
    "POST /api/jobs": { status: 202, body: { id: "j1" } },
  });
  render(<TrainPanel environments={environments([env("small", 1)])} />);
  await userEvent.click(await screen.findByRole("radio", { name: /Your own code/ }));
  await userEvent.upload(screen.getByLabelText("Code (.py or .zip)"), new File(["x = 1"], "model.py"));
  const hyperparameters = screen.getByLabelText("Hyperparameters (JSON)");
  await userEvent.clear(hyperparameters);
  await userEvent.type(hyperparameters, "epochs: 3");
  await userEvent.click(screen.getByRole("button", { name: "Start training" }));
  expect(await screen.findByText(/a JSON object/)).toHaveAttribute("id", "own-hyperparameters-error");
  expect(calls.filter((c) => c.key === "POST /api/jobs")).toHaveLength(0);

  await userEvent.clear(hyperparameters);
  await userEvent.type(hyperparameters, '{{"epochs": 3, "targetColumn": "price"}');
  await userEvent.click(screen.getByRole("button", { name: "Start training" }));
  await vi.waitFor(() => expect(calls.some((c) => c.key === "POST /api/jobs")).toBe(true));
  const form = calls.find((c) => c.key === "POST /api/jobs")?.init?.body as FormData;
  const spec = JSON.parse(await (form.get("spec") as Blob).text());
  expect(spec).toEqual({ environment: "small", workers: 1, hyperparameters: { epochs: 3, targetColumn: "price" } });
  expect((form.get("code") as File).name).toBe("model.py");
});
