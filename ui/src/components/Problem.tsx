import type { ApiError } from "../api/client";

/** The server's reason for one input, placed beside it and tied to it with aria-describedby. */
export function FieldError({ id, error, field, local }: { id: string; error?: ApiError; field: string; local?: string }) {
  const message = local ?? error?.fieldError(field);
  if (!message) return null;
  return (
    <p className="field-error" id={id} role="alert">
      {message}
    </p>
  );
}

/** What a refused request says that no input on the form can show. */
export function ProblemBanner({ error, fields = [] }: { error?: ApiError; fields?: readonly string[] }) {
  if (!error) return null;
  const lines = error.unplaced(fields);
  if (lines.length === 0) return null;
  return (
    <div className="problem" role="alert">
      <strong>{error.problem.title}</strong>
      {lines.map((l) => (
        <div key={l}>{l}</div>
      ))}
    </div>
  );
}
