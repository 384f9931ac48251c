import type { HyperparameterSchema } from "../api/types";
import { coerce, defaultsOf, labelOf, validate } from "./schema";

const schema: HyperparameterSchema = {
  type: "object",
  properties: {
    epochs: { type: "integer", minimum: 1, maximum: 200, default: 10, description: "Passes" },
    learningRate: { type: "number", minimum: 0.00001, maximum: 1, default: 0.005 },
    optimizer: { type: "string", enum: ["adam", "sgd"] },
  },
  required: ["epochs"],
};

test("the form starts from the template's defaults", () => {
  expect(defaultsOf(schema)).toEqual({ epochs: "10", learningRate: "0.005", optimizer: "" });
});

test("values outside the schema's range, type or choices are named with the rule they break", () => {
  expect(validate(schema, { epochs: "0", learningRate: "2", optimizer: "rmsprop" })).toEqual({
    epochs: "must be at least 1",
    learningRate: "must be at most 1",
    optimizer: "must be one of adam, sgd",
  });
  expect(validate(schema, { epochs: "2.5", learningRate: "x" })).toEqual({
    epochs: "must be a whole number",
    learningRate: "must be a number",
  });
  expect(validate(schema, { epochs: "" })).toEqual({ epochs: "required" });
  expect(validate(schema, { epochs: "200", learningRate: "0.1", optimizer: "sgd" })).toEqual({});
});

test("the request gets typed numbers and leaves out what was left empty", () => {
  expect(coerce(schema, { epochs: " 12 ", learningRate: "", optimizer: "adam" })).toEqual({ epochs: 12, optimizer: "adam" });
});

test("camel-case names read as words", () => {
  expect(labelOf("learningRate", {type: "number"})).toBe("Learning rate");
  expect(labelOf("batch_size", { type: "integer" })).toBe("Batch size");
});
