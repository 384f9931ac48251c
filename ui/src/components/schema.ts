import type { HyperparameterSchema, JsonSchemaProperty } from "../api/types";

/** Form values are the strings the inputs hold; the schema turns them into typed hyperparameters. */
export type FormValues = Record<string, string>;

export function defaultsOf(schema: HyperparameterSchema): FormValues {
  const values: FormValues = {};
  for (const [name, p] of Object.entries(schema.properties)) {
    values[name] = p.default === undefined ? "" : String(p.default);
  }
  return values;
}

function checkOne(p: JsonSchemaProperty, raw: string, required: boolean): string | undefined {
  if (raw.trim() === "") return required ? "required" : undefined;
  if (p.type === "integer" || p.type === "number") {
    const n = Number(raw);
    if (!Number.isFinite(n)) return "must be a number";
    if (p.type === "integer" && !Number.isInteger(n)) return "must be a whole number";
    if (p.minimum !== undefined && n < p.minimum) return `must be at least ${p.minimum}`;
    if (p.maximum !== undefined && n > p.maximum) return `must be at most ${p.maximum}`;
  }
  if (p.enum && !p.enum.map(String).includes(raw)) return `must be one of ${p.enum.join(", ")}`;
  return undefined;
}

/** The same rules the gateway applies, so most mistakes are shown before a request is made. */
export function validate(schema: HyperparameterSchema, values: FormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  const required = new Set(schema.required ?? []);
  for (const [name, p] of Object.entries(schema.properties)) {
    const problem = checkOne(p, values[name] ?? "", required.has(name));
    if (problem) errors[name] = problem;
  }
  return errors;
}

/** Typed values for the request; empty optional inputs are left out so the template's default applies. */
export function coerce(schema: HyperparameterSchema, values: FormValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(schema.properties)) {
    const raw = (values[name] ?? "").trim();
    if (raw === "") continue;
    if (p.type === "integer" || p.type === "number") out[name] = Number(raw);
    else if (p.type === "boolean") out[name] = raw === "true";
    else out[name] = raw;
  }
  return out;
}

/** "learningRate" reads as "Learning rate". */
export function labelOf(name: string, p: JsonSchemaProperty): string {
  if (p.title) return p.title;
  const words = name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_-]/g, " ").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function stepOf(p: JsonSchemaProperty): string {
  if (p.type === "integer") return "1";
  return "any";
}
