import { useState, type FormEvent } from "react";
import { useSubmitJob, useTemplates, type Resource } from "../api/hooks";
import type { Environment, Template } from "../api/types";
import { FieldError, ProblemBanner } from "../components/Problem";
import { SchemaForm } from "../components/SchemaForm";
import { defaultsOf, coerce, validate, type FormValues } from "../components/schema";
import { Empty, LoadError, Loading } from "../components/States";
import { useLocation } from "../router";

const OWN_CODE = "own-code";
const FIELDS = ["environment", "workers", "executor", "template", "hyperparameters", "code", "data"];

export function TrainPanel({ environments }: { environments: Resource<Environment[]> }) {
  const templates = useTemplates();
  const submit = useSubmitJob();
  const { navigate } = useLocation();
  const [choice, setChoice] = useState<string>();
  const [values, setValues] = useState<FormValues>({});
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [environment, setEnvironment] = useState("");
  // Unset until the user types a number: the form offers the chosen environment's size.
  const [workers, setWorkers] = useState<string>();
  const [code, setCode] = useState<File>();
  const [data, setData] = useState<File>();
  const [ownHyperparameters, setOwnHyperparameters] = useState('{"epochs": 10}');
  // One key per intended submission: a retry after a lost answer is the same job, not a second one.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());

  const usable = (environments.data ?? []).filter((e) => e.status !== "DELETING" && e.status !== "DELETED");
  const selectedEnvironment = environment || usable.find((e) => e.status === "READY")?.name || usable[0]?.name || "";
  const environmentSize = usable.find((e) => e.name === selectedEnvironment)?.workers ?? 1;
  const shownWorkers = workers ?? String(Math.max(1, environmentSize));
  const template: Template | undefined = templates.data?.find((t) => t.id === choice);
  if (choice === undefined && templates.data?.[0]) {
    setChoice(templates.data[0].id);
    setValues(defaultsOf(templates.data[0].hyperparameters));
  }

  const pick = (id: string) => {
    setChoice(id);
    const t = templates.data?.find((x) => x.id === id);
    setValues(t ? defaultsOf(t.hyperparameters) : {});
    setLocalErrors({});
    submit.reset();
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const errors: Record<string, string> = template ? validate(template.hyperparameters, values) : {};
    if (!template && !code) errors.code = "choose a .py or .zip file";
    const own = template ? {} : parseObject(ownHyperparameters);
    if (own === undefined) errors.hyperparameters = 'a JSON object, e.g. {"epochs": 10, "targetColumn": "price"}';
    if (!selectedEnvironment) errors.environment = "create an environment first";
    const w = Number(shownWorkers);
    if (!Number.isInteger(w) || w < 1) errors.workers = "must be a whole number, 1 or more";
    setLocalErrors(errors);
    if (Object.keys(errors).length > 0) return;
    const job = await submit.run({
      spec: {
        environment: selectedEnvironment,
        template: template?.id,
        workers: w,
        hyperparameters: template ? coerce(template.hyperparameters, values) : (own ?? {}),
      },
      code: template ? undefined : code,
      data: template ? undefined : data,
      idempotencyKey,
    });
    if (job) {
      setIdempotencyKey(crypto.randomUUID());
      navigate(`/jobs/${job.id}`);
    }
  };

  if (templates.loading && !templates.data) return <Loading what="templates" />;
  if (templates.error && !templates.data) return <LoadError error={templates.error} retry={templates.reload} />;

  return (
    <section className="panel" aria-labelledby="train-title">
      <h2 id="train-title">Train</h2>
      {usable.length === 0 && !environments.loading && (
        <Empty>Jobs run on an environment: create one on the left first.</Empty>
      )}
      <form onSubmit={onSubmit} className="card" noValidate>
        <fieldset className="templates">
          <legend>Model</legend>
          {[...(templates.data ?? []), null].map((t) => {
            const id = t?.id ?? OWN_CODE;
            return (
              <label key={id} className={`template ${choice === id ? "selected" : ""}`}>
                <input type="radio" name="template" value={id} checked={choice === id} onChange={() => pick(id)} />
                <span>
                  <strong>{t?.title ?? "Your own code"}</strong>
                  <span className="muted small">{t?.description ?? "Upload a training script (.py or .zip) and, if it needs one, a data set (.csv or .zip)."}</span>
                </span>
              </label>
            );
          })}
        </fieldset>

        {template ? (
          <SchemaForm
            idPrefix="hp"
            schema={template.hyperparameters}
            values={values}
            onChange={setValues}
            errors={localErrors}
            serverError={submit.error}
          />
        ) : (
          <div className="grid2">
            <div className="field">
              <label htmlFor="code">Code (.py or .zip)</label>
              <input id="code" type="file" accept=".py,.zip" aria-describedby="code-error" onChange={(e) => setCode(e.target.files?.[0])} />
              <FieldError id="code-error" field="code" error={submit.error} local={localErrors.code} />
            </div>
            <div className="field">
              <label htmlFor="data">Data (.csv or .zip, optional)</label>
              <input id="data" type="file" accept=".csv,.zip" aria-describedby="data-error" onChange={(e) => setData(e.target.files?.[0])} />
              <FieldError id="data-error" field="data" error={submit.error} />
            </div>
            <div className="field wide">
              <label htmlFor="own-hyperparameters">Hyperparameters (JSON)</label>
              <textarea
                id="own-hyperparameters"
                rows={2}
                value={ownHyperparameters}
                aria-describedby="own-hyperparameters-help own-hyperparameters-error"
                onChange={(e) => setOwnHyperparameters(e.target.value)}
              />
              <p className="help" id="own-hyperparameters-help">
                Your code reads them from <code>config</code>; Trainyard uses epochs, learningRate, batchSize and targetColumn.
              </p>
              <FieldError
                id="own-hyperparameters-error"
                field="hyperparameters"
                error={submit.error}
                local={localErrors.hyperparameters}
              />
            </div>
          </div>
        )}

        <div className="grid2">
          <div className="field">
            <label htmlFor="job-environment">Environment</label>
            <select
              id="job-environment"
              value={selectedEnvironment}
              aria-describedby="job-environment-error"
              onChange={(e) => {
                setEnvironment(e.target.value);
                setWorkers(undefined);
              }}
            >
              {usable.map((env) => (
                <option key={env.name} value={env.name}>
                  {env.name} ({env.status.toLowerCase()})
                </option>
              ))}
            </select>
            <FieldError id="job-environment-error" field="environment" error={submit.error} local={localErrors.environment} />
          </div>
          <div className="field">
            <label htmlFor="job-workers">Workers</label>
            <input
              id="job-workers"
              type="number"
              min={1}
              step={1}
              value={shownWorkers}
              aria-describedby="job-workers-help job-workers-error"
              onChange={(e) => setWorkers(e.target.value)}
            />
            <p className="help" id="job-workers-help">
              Data-parallel Ray Train workers; a job waits in the queue until the cluster has room.
            </p>
            <FieldError id="job-workers-error" field="workers" error={submit.error} local={localErrors.workers} />
          </div>
        </div>
        <ProblemBanner error={submit.error} fields={FIELDS} />
        <button type="submit" className="primary" disabled={submit.pending}>
          {submit.pending ? "Submitting…" : "Start training"}
        </button>
      </form>
    </section>
  );
}

/** The text as a JSON object, or undefined when it is not one. */
function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text.trim() || "{}");
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
