import type { ApiError } from "../api/client";
import type { HyperparameterSchema } from "../api/types";
import { FieldError } from "./Problem";
import { labelOf, stepOf, type FormValues } from "./schema";

interface Props {
  idPrefix: string;
  schema: HyperparameterSchema;
  values: FormValues;
  onChange: (values: FormValues) => void;
  /** Errors found here before sending, by property name. */
  errors: Record<string, string>;
  /** The gateway's answer, whose fields are named `hyperparameters.<name>`. */
  serverError?: ApiError;
}

/** The hyperparameter inputs made from a template's JSON Schema: type, range, default and help. */
export function SchemaForm({ idPrefix, schema, values, onChange, errors, serverError }: Props) {
  return (
    <fieldset className="schema-form">
      <legend>Hyperparameters</legend>
      {Object.entries(schema.properties).map(([name, p]) => {
        const id = `${idPrefix}-${name}`;
        const helpId = `${id}-help`;
        const errorId = `${id}-error`;
        const local = errors[name];
        const invalid = Boolean(local ?? serverError?.fieldError(`hyperparameters.${name}`));
        const range =
          p.minimum !== undefined || p.maximum !== undefined
            ? ` (${p.minimum ?? "…"} – ${p.maximum ?? "…"})`
            : "";
        const common = {
          id,
          name,
          "aria-invalid": invalid || undefined,
          "aria-describedby": `${helpId}${invalid ? ` ${errorId}` : ""}`,
        };
        return (
          <div className="field" key={name}>
            <label htmlFor={id}>{labelOf(name, p)}</label>
            {p.enum ? (
              <select {...common} value={values[name] ?? ""} onChange={(e) => onChange({ ...values, [name]: e.target.value })}>
                {p.enum.map((v) => (
                  <option key={String(v)}>{String(v)}</option>
                ))}
              </select>
            ) : p.type === "boolean" ? (
              <input
                {...common}
                type="checkbox"
                checked={values[name] === "true"}
                onChange={(e) => onChange({ ...values, [name]: String(e.target.checked) })}
              />
            ) : (
              <input
                {...common}
                type={p.type === "string" ? "text" : "number"}
                inputMode={p.type === "integer" ? "numeric" : p.type === "number" ? "decimal" : undefined}
                min={p.minimum}
                max={p.maximum}
                step={stepOf(p)}
                value={values[name] ?? ""}
                placeholder={p.default === undefined ? undefined : String(p.default)}
                onChange={(e) => onChange({ ...values, [name]: e.target.value })}
              />
            )}
            <p className="help" id={helpId}>
              {p.description}
              {range}
              {p.default !== undefined && `, default ${String(p.default)}`}
            </p>
            <FieldError id={errorId} field={`hyperparameters.${name}`} error={serverError} local={local} />
          </div>
        );
      })}
    </fieldset>
  );
}
