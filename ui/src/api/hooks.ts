import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, postJson, request } from "./client";
import type {
  Environment,
  EnvironmentRequest,
  Job,
  JobPage,
  JobRequest,
  LogPage,
  Me,
  Model,
  ModelVersion,
  Prediction,
  Session,
  Sweep,
  SweepPage,
  SweepRequest,
  Template,
} from "./types";

export interface Resource<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  /** Fetches again, keeping the data shown until the answer comes. */
  reload: () => void;
}

/** A GET whose answer the page shows; `path` null waits (e.g. until a name is chosen). */
function useResource<T>(path: string | null): Resource<T> {
  const [state, setState] = useState<{ path: string | null; data?: T; error?: ApiError; loading: boolean }>({
    path,
    loading: path !== null,
  });
  const [generation, setGeneration] = useState(0);
  if (state.path !== path) {
    setState({ path, loading: path !== null });
  }
  useEffect(() => {
    if (path === null) return;
    let live = true;
    request<T>(path).then(
      (data) => live && setState({ path, data, loading: false }),
      (error: ApiError) => live && setState((s) => ({ ...s, path, error, loading: false })),
    );
    return () => {
      live = false;
    };
  }, [path, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

export interface Mutation<A, R> {
  run: (args: A) => Promise<R | undefined>;
  pending: boolean;
  error: ApiError | undefined;
  reset: () => void;
}

/** A POST or DELETE: `run` resolves to the answer, or to undefined with `error` set. */
function useMutation<A, R>(call: (args: A) => Promise<R>): Mutation<A, R> {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError>();
  const callRef = useRef(call);
  useEffect(() => {
    callRef.current = call;
  });
  const run = useCallback(async (args: A) => {
    setPending(true);
    setError(undefined);
    try {
      return await callRef.current(args);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError({ title: String(e), status: 0 }));
      return undefined;
    } finally {
      setPending(false);
    }
  }, []);
  const reset = useCallback(() => setError(undefined), []);
  return { run, pending, error, reset };
}

// --- one hook per endpoint -------------------------------------------------------------------

export const useMe = () => useResource<Me>("/api/me");

export const useLogin = () =>
  useMutation((c: { username: string; password: string }) => postJson<Session>("/api/auth/login", c));

export const useSignup = () =>
  useMutation((c: { username: string; password: string }) => postJson<Me>("/api/auth/signup", c));

export const useLogout = () => useMutation(() => request<unknown>("/api/auth/logout", { method: "POST" }).then(() => true));

export const useTemplates = () => useResource<Template[]>("/api/templates");

export const useEnvironments = () => useResource<Environment[]>("/api/environments");

export const useCreateEnvironment = () =>
  useMutation((e: EnvironmentRequest) => postJson<Environment>("/api/environments", e));

export const useDeleteEnvironment = () =>
  useMutation((name: string) =>
    request<unknown>(`/api/environments/${encodeURIComponent(name)}`, { method: "DELETE" }).then(() => true),
  );

export interface JobFilter {
  status?: string;
  environment?: string;
  cursor?: string;
}

export function jobsPath(filter: JobFilter): string {
  const q = new URLSearchParams();
  if (filter.status) q.set("status", filter.status);
  if (filter.environment) q.set("environment", filter.environment);
  if (filter.cursor) q.set("cursor", filter.cursor);
  q.set("limit", "25");
  return `/api/jobs?${q}`;
}

export const useJobs = (filter: JobFilter) => useResource<JobPage>(jobsPath(filter));

export const useJob = (id: string) => useResource<Job>(`/api/jobs/${encodeURIComponent(id)}`);

export const useJobLogs = (id: string, after: string | null) =>
  useResource<LogPage>(`/api/jobs/${encodeURIComponent(id)}/logs${after ? `?after=${after}` : ""}`);

export interface Submission {
  spec: JobRequest;
  code?: File;
  data?: File;
  idempotencyKey: string;
}

export const useSubmitJob = () =>
  useMutation(({ spec, code, data, idempotencyKey }: Submission) => {
    const headers = { "Idempotency-Key": idempotencyKey };
    if (!code) return postJson<Job>("/api/jobs", spec, headers);
    const form = new FormData();
    const { template: _ignored, ...rest } = spec;
    void _ignored;
    form.append("spec", new Blob([JSON.stringify(rest)], { type: "application/json" }));
    form.append("code", code);
    if (data) form.append("data", data);
    return request<Job>("/api/jobs", { method: "POST", headers, body: form });
  });

export const useCancelJob = () =>
  useMutation((id: string) => request<Job>(`/api/jobs/${encodeURIComponent(id)}/cancel`, { method: "POST" }));

export const useModels = () => useResource<Model[]>("/api/models");

export const useModelVersions = (name: string | null) =>
  useResource<ModelVersion[]>(name === null ? null : `/api/models/${encodeURIComponent(name)}/versions`);

export const usePredict = () =>
  useMutation(({ name, version, inputs }: { name: string; version: string; inputs: number[][] }) =>
    postJson<Prediction>(
      `/api/models/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}/predict`,
      { inputs },
    ),
  );

export const useSweeps = () => useResource<SweepPage>("/api/sweeps?limit=50");

export const useSweep = (id: string) => useResource<Sweep>(`/api/sweeps/${encodeURIComponent(id)}`);

export const useStartSweep = () =>
  useMutation(({ spec, idempotencyKey }: { spec: SweepRequest; idempotencyKey: string }) =>
    postJson<Sweep>("/api/sweeps", spec, { "Idempotency-Key": idempotencyKey }),
  );

export const useCancelSweep = () =>
  useMutation((id: string) => request<Sweep>(`/api/sweeps/${encodeURIComponent(id)}/cancel`, { method: "POST" }));
