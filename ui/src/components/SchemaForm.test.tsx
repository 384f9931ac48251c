import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { ApiError } from "../api/client";
import type { HyperparameterSchema } from "../api/types";
import { SchemaForm } from "./SchemaForm";
import { defaultsOf, validate } from "./schema";

const schema: HyperparameterSchema = {
  type: "object",
  properties: {
    epochs: { type: "integer", minimum: 1, maximum: 200, default: 10, description: "Passes over the training data" },
    learningRate: { type: "number", minimum: 0.00001, maximum: 1, default: 0.005, description: "Adam step size" },
  },
};

function Harness({ serverError }: { serverError?: ApiError }) {
  const [values, setValues] = useState(defaultsOf(schema));
  return <SchemaForm idPrefix="hp" schema={schema} values={values} onChange={setValues} errors={validate(schema, values)} serverError={serverError} />;
}

test("each hyperparameter gets a labelled input with its default, range and help", () => {
  render(<Harness />);
  const epochs = screen.getByLabelText("Epochs");
  expect(epochs).toHaveValue(10);
  expect(epochs).toHaveAttribute("min", "1");
  expect(epochs).toHaveAttribute("max", "200");
  expect(epochs).toHaveAttribute("step", "1");
  expect(epochs).toHaveAccessibleDescription("Passes over the training data (1 – 200), default 10");
  expect(screen.getByLabelText("Learning rate")).toHaveAttribute("step", "any");
});

test("a value out of range is flagged as it is typed", async () => {
  render(<Harness />);
  const epochs = screen.getByLabelText("Epochs");
  await userEvent.clear(epochs);
  await userEvent.type(epochs, "500");
  expect(epochs).toHaveAttribute("aria-invalid", "true");
  expect(screen.getByRole("alert")).toHaveTextContent("must be at most 200");
});

test("the gateway's reason for hyperparameters.x appears beside x", () => {
  const error = new ApiError({
    title: "Invalid request",
    status: 400,
    field: "hyperparameters.learningRate",
    errors: [{ field: "hyperparameters.learningRate", reason: "must be a number" }],
  });
  render(<Harness serverError={error} />);
  expect(screen.getByLabelText("Learning rate")).toHaveAttribute("aria-invalid", "true");
  expect(screen.getByRole("alert")).toHaveTextContent("must be a number");
  expect(screen.getByLabelText("Epochs")).not.toHaveAttribute("aria-invalid");
});
