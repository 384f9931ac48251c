import { describe, expect, it } from "vitest";
import type { HyperparameterSchema } from "../api/types";
import { dimensionsOf, spaceOf } from "./space";

const schema: HyperparameterSchema = {
  type: "object",
  properties: {
    epochs: { type: "integer", minimum: 1, maximum: 200, default: 10 },
    learningRate: { type: "number", minimum: 0.00001, maximum: 1, default: 0.005 },
    hidden: { type: "integer", minimum: 8, maximum: 1024, default: 128 },
  },
};

describe("a sweep's search space from the form", () => {
  it("offers the schema's bounds and searches only what the user chose", () => {
    const dims = dimensionsOf(schema);
    expect(dims.learningRate).toMatchObject({ kind: "fixed", low: "0.00001", high: "1" });
    const { space, errors } = spaceOf(
      {
        ...dims,
        learningRate: { kind: "logUniform", low: "0.00001", high: "1", choices: "" },
        hidden: { kind: "choice", low: "8", high: "1024", choices: "32, 64,128" },
      },
      schema,
    );
    expect(errors).toEqual({});
    expect(space).toEqual({ learningRate: { logUniform: [0.00001, 1] }, hidden: { choice: [32, 64, 128] } });
  });

  it("names the field of each mistake as the gateway does", () => {
    const dims = dimensionsOf(schema);
    expect(spaceOf(dims, schema).errors).toEqual({ space: "search at least one hyperparameter" });
    const { errors } = spaceOf({ ...dims, learningRate: { kind: "logUniform", low: "0", high: "1", choices: "" }, epochs: { kind: "int", low: "5", high: "2", choices: "" } }, schema);
    expect(errors).toEqual({ "space.learningRate": "a log-uniform range starts above 0", "space.epochs": "low must be below high" });
  });
});
