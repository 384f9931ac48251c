import type { HyperparameterSchema } from "../api/types";

/** One hyperparameter's place in a sweep's search: fixed (no search), or a range or choices. */
export type Kind = "fixed" | "uniform" | "logUniform" | "int" | "choice";

export interface Dimension {
  kind: Kind;
  low: string;
  high: string;
  choices: string;
}

/** Offers each number the schema allows as a range between its bounds; integers as int ranges. */
export function dimensionsOf(schema: HyperparameterSchema): Record<string, Dimension> {
  const out: Record<string, Dimension> = {};
  for (const [name, p] of Object.entries(schema.properties)) {
    const low = p.minimum ?? 0;
    const high = p.maximum ?? (typeof p.default === "number" ? p.default * 2 : 1);
    out[name] = {
      kind: "fixed",
      low: String(low),
      high: String(high),
      choices: p.default === undefined ? "" : String(p.default),
    };
  }
  return out;
}

/**
 * The sweep's `space` from the form: the searched dimensions only. Errors name the field as the
 * gateway does (`space.<name>`), so one form shows both.
 */
export function spaceOf(dims: Record<string, Dimension>, schema: HyperparameterSchema): { space: Record<string, unknown>; errors: Record<string, string> } {
  const space: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const [name, d] of Object.entries(dims)) {
    if (d.kind === "fixed") continue;
    const field = `space.${name}`;
    if (d.kind === "choice") {
      const integer = schema.properties[name]?.type === "integer";
      const values = d.choices
        .split(",")
        .map((v) => v.trim())
        .filter((v) => v !== "")
        .map((v) => (Number.isNaN(Number(v)) ? v : integer ? Math.round(Number(v)) : Number(v)));
      if (values.length === 0) errors[field] = "give values separated by commas";
      else space[name] = { choice: values };
      continue;
    }
    const low = Number(d.low);
    const high = Number(d.high);
    if (!Number.isFinite(low) || !Number.isFinite(high)) errors[field] = "low and high must be numbers";
    else if (low >= high) errors[field] = "low must be below high";
    else if (d.kind === "logUniform" && low <= 0) errors[field] = "a log-uniform range starts above 0";
    else if (d.kind === "int" && (!Number.isInteger(low) || !Number.isInteger(high))) errors[field] = "an int range has whole ends";
    else space[name] = { [d.kind]: [low, high] };
  }
  if (Object.keys(space).length === 0 && Object.keys(errors).length === 0) errors.space = "search at least one hyperparameter";
  return { space, errors };
}
