import { useState, type FormEvent } from "react";
import { useStartSweep, useTemplates, type Resource } from "../api/hooks";
import type { Environment, Template } from "../api/types";
import { FieldError, ProblemBanner } from "../components/Problem";
import { dimensionsOf, spaceOf, type Dimension, type Kind } from "../components/space";
import { Loading } from "../components/States";
import { useLocation } from "../router";

const FIELDS = ["environment", "template", "workers", "hyperparameters", "space", "method", "trials", "maxConcurrent", "metric", "earlyStopping"];
const KINDS: { kind: Kind; label: string }[] = [
  { kind: "fixed", label: "default" },
  { kind: "uniform", label: "uniform" },
  { kind: "logUniform", label: "log-uniform" },
  { kind: "int", label: "int" },
  { kind: "choice", label: "choice" },
];

/** A search over a template's hyperparameters: each trial a job on the chosen environment. */
export function SweepPanel({ environments }: { environments: Resource<Environment[]> }) {
  const templates = useTemplates();
  const start = useStartSweep();
  const { navigate } = useLocation();
  const [choice, setChoice] = useState<string>();
  const [dims, setDims] = useState<Record<string, Dimension>>({});
  const [trials, setTrials] = useState("8");
  const [maxConcurrent, setMaxConcurrent] = useState("2");
  const [epochs, setEpochs] = useState("9");
  const [asha, setAsha] = useState(true);
  const [environment, setEnvironment] = useState("");
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());

  const usable = (environments.data ?? []).filter((e) => e.status !== "DELETING" && e.status !== "DELETED");
  const selected = environment || usable.find((e) => e.status === "READY")?.name || usable[0]?.name || "";
  const template: Template | undefined = templates.data?.find((t) => t.id === choice);
  if (choice === undefined && templates.data?.[0]) {
    setChoice(templates.data[0].id);
    setDims(dimensionsOf(templates.data[0].hyperparameters));
  }
  if (templates.loading && !templates.data) return <Loading what="templates" />;
  if (!templates.data) return null;

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!template) return;
    const searched = { ...dims };
    // Epochs stay one number: early stopping compares trials at the same epochs.
    delete searched.epochs;
    const { space, errors } = spaceOf(searched, template.hyperparameters);
    if (!selected) errors.environment = "create an environment first";
    setLocalErrors(errors);
    if (Object.keys(errors).length > 0) return;
    const sweep = await start.run({
      spec: {
        environment: selected,
        template: template.id,
        workers: 1,
        hyperparameters: { epochs: Number(epochs) },
        space,
        method: "random",
        trials: Number(trials),
        seed: Date.now() % 1_000_000,
        maxConcurrent: Number(maxConcurrent),
        earlyStopping: asha ? { asha: { minEpochs: 1, reductionFactor: 3 } } : undefined,
      },
      idempotencyKey,
    });
    if (sweep) {
      setIdempotencyKey(crypto.randomUUID());
      navigate(`/sweeps/${sweep.id}`);
    }
  };

  return (
    <section className="panel" aria-labelledby="sweep-title">
      <h2 id="sweep-title">Sweep</h2>
      <form onSubmit={onSubmit} className="card" noValidate aria-label="Sweep">
        <div className="grid2">
          <div className="field">
            <label htmlFor="sweep-template">Template</label>
            <select
              id="sweep-template"
              value={choice}
              onChange={(e) => {
                const t = templates.data?.find((x) => x.id === e.target.value);
                setChoice(e.target.value);
                setDims(t ? dimensionsOf(t.hyperparameters) : {});
                setLocalErrors({});
                start.reset();
              }}
            >
              {templates.data.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.title}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="sweep-environment">Environment</label>
            <select id="sweep-environment" value={selected} aria-describedby="sweep-environment-error" onChange={(e) => setEnvironment(e.target.value)}>
              {usable.map((env) => (
                <option key={env.name} value={env.name}>
                  {env.name} ({env.workers} workers)
                </option>
              ))}
            </select>
            <FieldError id="sweep-environment-error" field="environment" error={start.error} local={localErrors.environment} />
          </div>
        </div>
        <fieldset>
          <legend>Search space</legend>
          <FieldError id="sweep-space-error" field="space" error={start.error} local={localErrors.space} />
          {template &&
            Object.entries(dims)
              .filter(([name]) => name !== "epochs")
              .map(([name, d]) => {
                const p = template.hyperparameters.properties[name];
                const set = (next: Partial<Dimension>) => setDims({ ...dims, [name]: { ...d, ...next } });
                return (
                  <div className="row space-dim" key={name} data-dimension={name}>
                    <label htmlFor={`dim-${name}`}>{p?.title ?? name}</label>
                    <select id={`dim-${name}`} value={d.kind} onChange={(e) => set({ kind: e.target.value as Kind })}>
                      {KINDS.filter((k) => p?.type === "integer" || k.kind !== "int").map((k) => (
                        <option key={k.kind} value={k.kind}>
                          {k.label}
                        </option>
                      ))}
                    </select>
                    {d.kind === "choice" ? (
                      <input aria-label={`${name} choices`} value={d.choices} onChange={(e) => set({ choices: e.target.value })} />
                    ) : d.kind !== "fixed" ? (
                      <>
                        <input aria-label={`${name} low`} value={d.low} onChange={(e) => set({ low: e.target.value })} />
                        <input aria-label={`${name} high`} value={d.high} onChange={(e) => set({ high: e.target.value })} />
                      </>
                    ) : (
                      <span className="muted small">{String(p?.default ?? "")}</span>
                    )}
                    <FieldError id={`dim-${name}-error`} field={`space.${name}`} error={start.error} local={localErrors[`space.${name}`]} />
                  </div>
                );
              })}
        </fieldset>
        <div className="grid2">
          <div className="field">
            <label htmlFor="sweep-epochs">Epochs per trial</label>
            <input id="sweep-epochs" type="number" min={1} value={epochs} onChange={(e) => setEpochs(e.target.value)} />
            <FieldError id="sweep-epochs-error" field="hyperparameters.epochs" error={start.error} />
          </div>
          <div className="field">
            <label htmlFor="sweep-trials">Trials</label>
            <input id="sweep-trials" type="number" min={1} max={200} value={trials} onChange={(e) => setTrials(e.target.value)} />
            <FieldError id="sweep-trials-error" field="trials" error={start.error} />
          </div>
          <div className="field">
            <label htmlFor="sweep-concurrent">At once</label>
            <input id="sweep-concurrent" type="number" min={1} value={maxConcurrent} aria-describedby="sweep-concurrent-error" onChange={(e) => setMaxConcurrent(e.target.value)} />
            <FieldError id="sweep-concurrent-error" field="maxConcurrent" error={start.error} />
          </div>
          <div className="field">
            <label>
              <input type="checkbox" checked={asha} onChange={(e) => setAsha(e.target.checked)} /> Stop weak trials early (ASHA)
            </label>
          </div>
        </div>
        <ProblemBanner error={start.error} fields={FIELDS} />
        <button type="submit" className="primary" disabled={start.pending}>
          {start.pending ? "Starting…" : "Start sweep"}
        </button>
      </form>
    </section>
  );
}
