import type { Problem } from "./types";

/** A request the gateway refused, with its problem+json; `fieldError` finds the reason for one input. */
export class ApiError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.problem = problem;
  }

  get status(): number {
    return this.problem.status;
  }

  fieldError(field: string): string | undefined {
    const hit = this.problem.errors?.find((e) => e.field === field || e.field.startsWith(field + "."));
    if (hit) return hit.reason;
    return this.problem.field === field ? this.problem.detail : undefined;
  }

  /** Errors no input on the form is there to show: the caller prints these in a banner. */
  unplaced(fields: readonly string[]): string[] {
    const errors = this.problem.errors ?? [];
    if (errors.length === 0) return [this.message];
    return errors
      .filter((e) => !fields.some((f) => e.field === f || e.field.startsWith(f + ".")))
      .map((e) => `${e.field}: ${e.reason}`);
  }
}

/** Fired when a request answers 401, so the app can go back to the log-in page. */
export const UNAUTHENTICATED = "trainyard:unauthenticated";

async function problemOf(response: Response): Promise<Problem> {
  const type = response.headers.get("content-type") ?? "";
  if (type.includes("json")) {
    try {
      return (await response.json()) as Problem;
    } catch {
      // fall through to a problem made from the status line
    }
  }
  return { title: response.statusText || "Request failed", status: response.status, detail: `HTTP ${response.status}` };
}

/**
 * Every call goes through here: the session is the HttpOnly cookie the log-in set, so nothing
 * secret is kept in script reach.
 */
export async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: "same-origin", ...init });
  } catch (e) {
    throw new ApiError({
      title: "The gateway does not answer",
      status: 0,
      detail: e instanceof Error ? e.message : String(e),
    });
  }
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith("/api/auth/")) {
      window.dispatchEvent(new Event(UNAUTHENTICATED));
    }
    throw new ApiError(await problemOf(response));
  }
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export function postJson<T>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
  return request<T>(path, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}
