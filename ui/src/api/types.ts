// The gateway's answers are generated from its OpenAPI document (ui/openapi.json, which a gateway
// test keeps equal to what it serves) into generated.ts by the build: no field or status is written
// twice. What the document does not describe (templates' JSON Schemas, predictions, problems, the
// streams' events) is written here.
import type { components } from "./generated";

export { environmentStatusValues, jobStatusValues, sweepStatusValues } from "./generated";

type Schemas = components["schemas"];

export type Role = "user" | "admin";

export interface Me {
  username: string;
  role: Role;
}

export interface Session {
  token: string;
  expiresAt: string;
  user: Me;
}

export interface JsonSchemaProperty {
  type: "integer" | "number" | "string" | "boolean";
  minimum?: number;
  maximum?: number;
  default?: number | string | boolean;
  description?: string;
  enum?: (string | number)[];
  title?: string;
}

export interface HyperparameterSchema {
  type: "object";
  properties: Record<string, JsonSchemaProperty>;
  required?: string[];
}

export interface Template {
  id: string;
  title: string;
  description: string;
  inputShape: number[];
  outputShape: number[];
  primaryMetric: string;
  direction: "min" | "max";
  hyperparameters: HyperparameterSchema;
}

export type EnvironmentStatus = Schemas["EnvironmentStatus"];
export type Environment = Schemas["EnvironmentResponse"];
export type EnvironmentRequest = Required<Schemas["Environment"]>;
export type JobStatus = Schemas["JobStatus"];
export type Attempt = Schemas["Attempt"];
export type Job = Schemas["JobResponse"];
export type JobPage = Schemas["JobPage"];
export type JobRequest = Schemas["Job"];
export type LogPage = Schemas["LogPage"];
export type Model = Schemas["ModelResponse"];
export type Sweep = Schemas["SweepResponse"];
export type SweepTrial = Schemas["Trial"];
export type SweepPage = Schemas["SweepPage"];
export type SweepRequest = Schemas["Sweep"];
export type SweepStatus = Schemas["SweepStatus"];
export type ModelVersion = Schemas["VersionResponse"];

export interface Prediction {
  name: string;
  version: number;
  outputs: number[][];
  classes: number[] | null;
}

export interface FieldViolation {
  field: string;
  reason: string;
}

/** RFC 9457 problem details as the gateway writes them. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  field?: string;
  errors?: FieldViolation[];
}

// Events on the SSE streams: `event` is the type, `data` the event's JSON.
export interface JobProgressed {
  jobId: string;
  attempt: number;
  epoch: number;
  epochs: number;
  step: number;
  metrics: Record<string, number>;
}

export interface JobLogAppended {
  jobId: string;
  attempt: number;
  firstLine: number;
  lines: string[];
}
