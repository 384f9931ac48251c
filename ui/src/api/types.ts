// Mirrors of the gateway's JSON (gateway-service/README.md); field names are its public contract.

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

export type EnvironmentStatus =
  | "REQUESTED"
  | "PROVISIONING"
  | "READY"
  | "FAILED"
  | "REJECTED"
  | "DELETING"
  | "DELETED";

export interface Environment {
  name: string;
  owner: string;
  status: EnvironmentStatus;
  reason: string | null;
  workers: number;
  workerCpu: number;
  workerMemoryGi: number;
  gpusPerWorker: number;
  dashboardUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface EnvironmentRequest {
  name: string;
  workers: number;
  workerCpu: number;
  workerMemoryGi: number;
  gpusPerWorker: number;
}

export type JobStatus =
  | "SUBMITTED"
  | "QUEUED"
  | "RUNNING"
  | "RETRYING"
  | "CANCELLING"
  | "SUCCEEDED"
  | "FAILED"
  | "CANCELLED"
  | "REJECTED";

export const FINAL_JOB_STATUSES: readonly JobStatus[] = ["SUCCEEDED", "FAILED", "CANCELLED", "REJECTED"];

export interface Attempt {
  number: number;
  status: string;
  startedAt: string | null;
  endedAt: string | null;
  reason: string | null;
}

export interface Job {
  id: string;
  owner: string;
  environment: string | null;
  template: string | null;
  executor: string | null;
  workers: number;
  hyperparameters: Record<string, unknown>;
  codeFile: string | null;
  dataFile: string | null;
  status: JobStatus;
  attempt: number;
  queuePosition: number | null;
  progress: { epoch: number; epochs: number; step: number; percent: number } | null;
  metrics: Record<string, number>;
  reason: string | null;
  attempts: Attempt[];
  mlflowExperimentId: string | null;
  mlflowRunId: string | null;
  mlflowRunUrl: string | null;
  model: { name: string; version: number } | null;
  createdAt: string;
  updatedAt: string;
}

export interface JobPage {
  items: Job[];
  nextCursor: string | null;
}

export interface JobRequest {
  environment: string;
  template?: string;
  workers: number;
  hyperparameters: Record<string, unknown>;
  executor?: string;
}

export interface LogPage {
  lines: { attempt: number; line: number; text: string }[];
  next: string | null;
}

export interface Model {
  name: string;
  owner: string;
  template: string | null;
  latestVersion: number;
  aliases: Record<string, number>;
  versions: number;
}

export interface ModelVersion {
  name: string;
  version: number;
  aliases: string[];
  jobId: string;
  template: string | null;
  metrics: Record<string, number>;
  mlflowRunId: string | null;
  createdAt: string;
}

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
