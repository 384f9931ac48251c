import { useState, type FormEvent } from "react";
import { useCreateEnvironment, useDeleteEnvironment, type Resource } from "../api/hooks";
import type { Environment, EnvironmentRequest } from "../api/types";
import { FieldError, ProblemBanner } from "../components/Problem";
import { Empty, LoadError, Loading } from "../components/States";
import { StatusBadge } from "../components/StatusBadge";

const SIZE_FIELDS: { key: keyof Omit<EnvironmentRequest, "name">; label: string; min: number; step: string }[] = [
  { key: "workers", label: "Workers", min: 1, step: "1" },
  { key: "workerCpu", label: "CPUs per worker", min: 0.5, step: "0.5" },
  { key: "workerMemoryGi", label: "Memory per worker (GiB)", min: 0.5, step: "0.5" },
  { key: "gpusPerWorker", label: "GPUs per worker", min: 0, step: "1" },
];
const FIELDS = ["name", ...SIZE_FIELDS.map((f) => f.key)];

export function EnvironmentsPanel({ environments }: { environments: Resource<Environment[]> }) {
  const [form, setForm] = useState({ name: "default", workers: "2", workerCpu: "1", workerMemoryGi: "2", gpusPerWorker: "0" });
  const create = useCreateEnvironment();
  const remove = useDeleteEnvironment();
  const { data, error, loading, reload } = environments;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const created = await create.run({
      name: form.name.trim(),
      workers: Number(form.workers),
      workerCpu: Number(form.workerCpu),
      workerMemoryGi: Number(form.workerMemoryGi),
      gpusPerWorker: Number(form.gpusPerWorker),
    });
    if (created) reload();
  };

  const destroy = async (name: string) => {
    if (!window.confirm(`Delete the environment ${name}? Its Ray cluster stops; running jobs on it fail.`)) return;
    await remove.run(name);
    reload();
  };

  return (
    <section className="panel" aria-labelledby="environments-title">
      <h2 id="environments-title">Environments</h2>
      {loading && !data && <Loading what="environments" />}
      {error && !data && <LoadError error={error} retry={reload} />}
      {data && data.length === 0 && <Empty>No environment yet. Create one below: it is your own Ray cluster.</Empty>}
      {data && data.length > 0 && (
        <ul className="env-list">
          {data.map((env) => (
            <li key={env.name} className="card env" data-environment={env.name}>
              <div className="row">
                <strong>{env.name}</strong>
                <StatusBadge status={env.status} />
              </div>
              <div className="muted small">
                {env.workers} × {env.workerCpu} CPU, {env.workerMemoryGi} GiB
                {env.gpusPerWorker > 0 && `, ${env.gpusPerWorker} GPU`}
              </div>
              {env.reason && <p className="reason">{env.reason}</p>}
              <div className="row actions">
                {env.dashboardUrl && env.status === "READY" && (
                  <a href={env.dashboardUrl} target="_blank" rel="noreferrer">
                    Ray dashboard ↗
                  </a>
                )}
                {env.status !== "DELETING" && env.status !== "DELETED" && (
                  <button type="button" className="danger link" onClick={() => destroy(env.name)} disabled={remove.pending}>
                    Delete
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      <ProblemBanner error={remove.error} />
      <form onSubmit={submit} className="card" noValidate aria-labelledby="create-env-title">
        <h3 id="create-env-title">Create or resize</h3>
        <div className="field">
          <label htmlFor="env-name">Name</label>
          <input
            id="env-name"
            value={form.name}
            aria-invalid={Boolean(create.error?.fieldError("name")) || undefined}
            aria-describedby="env-name-error"
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
          <FieldError id="env-name-error" field="name" error={create.error} />
        </div>
        <div className="grid2">
          {SIZE_FIELDS.map((f) => (
            <div className="field" key={f.key}>
              <label htmlFor={`env-${f.key}`}>{f.label}</label>
              <input
                id={`env-${f.key}`}
                type="number"
                min={f.min}
                step={f.step}
                value={form[f.key]}
                aria-invalid={Boolean(create.error?.fieldError(f.key)) || undefined}
                aria-describedby={`env-${f.key}-error`}
                onChange={(e) => setForm({ ...form, [f.key]: e.target.value })}
              />
              <FieldError id={`env-${f.key}-error`} field={f.key} error={create.error} />
            </div>
          ))}
        </div>
        <ProblemBanner error={create.error} fields={FIELDS} />
        <button type="submit" className="primary" disabled={create.pending}>
          {create.pending ? "Requesting…" : "Create environment"}
        </button>
      </form>
    </section>
  );
}
