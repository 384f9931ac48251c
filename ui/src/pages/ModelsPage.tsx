import { useState } from "react";
import { useModels, useModelVersions, usePredict } from "../api/hooks";
import { useEventStream } from "../api/stream";
import type { Model } from "../api/types";
import { DigitPad, inputsOf, SIZE } from "../components/DigitPad";
import { ProblemBanner } from "../components/Problem";
import { Empty, LoadError, Loading } from "../components/States";
import { ago } from "../lib/throttle";
import { Link } from "../router";

export function ModelsPage({ name }: { name: string | null }) {
  const models = useModels();
  useEventStream("/api/events", (e) => {
    if (e.name === "tracking.model-registered") models.reload();
  });
  const selected = name ?? models.data?.[0]?.name ?? null;
  const model = models.data?.find((m) => m.name === selected);

  return (
    <>
      <div className="page-head">
        <h1>Models</h1>
      </div>
      {models.loading && !models.data && <Loading what="models" />}
      {models.error && !models.data && <LoadError error={models.error} retry={models.reload} />}
      {models.data && models.data.length === 0 && (
        <Empty>
          No registered model yet. Every job that succeeds registers its model here; <Link to="/">train one</Link>.
        </Empty>
      )}
      {models.data && models.data.length > 0 && (
        <div className="split models">
          <nav aria-label="Registered models" className="panel">
            <ul className="model-list">
              {models.data.map((m) => (
                <li key={m.name}>
                  <Link to={`/models/${encodeURIComponent(m.name)}`} aria-current={m.name === selected ? "page" : undefined}>
                    <strong>{m.name}</strong>
                    <span className="muted small">
                      {m.versions} version{m.versions === 1 ? "" : "s"}
                      {Object.keys(m.aliases).length > 0 &&
                        ` · ${Object.entries(m.aliases)
                          .map(([a, v]) => `@${a} v${v}`)
                          .join(", ")}`}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          {model ? <ModelDetail model={model} key={model.name} /> : selected && <Empty>No model named {selected}.</Empty>}
        </div>
      )}
    </>
  );
}

function ModelDetail({ model }: { model: Model }) {
  const versions = useModelVersions(model.name);
  const digits = model.template?.startsWith("digits") ?? false;
  return (
    <section className="panel" aria-labelledby="model-title">
      <h2 id="model-title">{model.name}</h2>
      <p className="muted small">Template: {model.template ?? "own code"}</p>
      {versions.loading && !versions.data && <Loading what="versions" />}
      {versions.error && <LoadError error={versions.error} retry={versions.reload} />}
      {versions.data && (
        <div className="table-wrap">
          <table className="versions">
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Aliases</th>
                <th scope="col">Metrics</th>
                <th scope="col">Job</th>
                <th scope="col">Registered</th>
              </tr>
            </thead>
            <tbody>
              {versions.data.map((v) => (
                <tr key={v.version} data-version={v.version}>
                  <td>v{v.version}</td>
                  <td>
                    {v.aliases.map((a) => (
                      <span key={a} className="badge badge-alias">
                        @{a}
                      </span>
                    ))}
                  </td>
                  <td className="small">
                    {Object.entries(v.metrics)
                      .map(([k, x]) => `${k} ${Number(x.toPrecision(3))}`)
                      .join(", ")}
                  </td>
                  <td>
                    <Link to={`/jobs/${v.jobId}`}>{v.jobId.slice(0, 8)}</Link>
                  </td>
                  <td className="muted small">{ago(v.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {digits && <TryIt model={model} />}
    </section>
  );
}

function TryIt({ model }: { model: Model }) {
  const [cells, setCells] = useState<number[]>(() => new Array(SIZE * SIZE).fill(0));
  const versionChoices = ["latest", ...Object.keys(model.aliases).filter((a) => a !== "latest")];
  const [alias, setAlias] = useState(versionChoices[0] ?? "latest");
  const predict = usePredict();
  const [answer, setAnswer] = useState<{ digit: number; confidence: number; version: number } | null>(null);

  const run = async () => {
    const result = await predict.run({ name: model.name, version: `@${alias}`, inputs: [inputsOf(cells)] });
    const out = result?.outputs[0];
    if (!result || !out) return;
    const top = Math.max(...out);
    const digit = result.classes?.[0] ?? out.indexOf(top);
    const exp = out.map((x) => Math.exp(x - top));
    const sum = exp.reduce((a, b) => a + b, 0);
    setAnswer({ digit, confidence: (exp[digit] ?? 0) / sum, version: result.version });
  };

  return (
    <section className="try-it card" aria-labelledby="try-title">
      <h3 id="try-title">Try it: draw a digit</h3>
      <div className="try-grid">
        <DigitPad cells={cells} onChange={setCells} />
        <div>
          <label>
            Version{" "}
            <select value={alias} onChange={(e) => setAlias(e.target.value)}>
              {versionChoices.map((a) => (
                <option key={a} value={a}>
                  @{a}
                </option>
              ))}
            </select>
          </label>
          <div className="row actions">
            <button type="button" className="primary" onClick={run} disabled={predict.pending || cells.every((c) => c === 0)}>
              {predict.pending ? "Asking…" : "Predict"}
            </button>
            <button
              type="button"
              onClick={() => {
                setCells(new Array(SIZE * SIZE).fill(0));
                setAnswer(null);
              }}
            >
              Clear
            </button>
          </div>
          <ProblemBanner error={predict.error} />
          {answer && (
            <p className="prediction" role="status" aria-live="polite">
              It is a <strong data-testid="predicted-digit">{answer.digit}</strong>{" "}
              <span className="muted small">
                ({Math.round(answer.confidence * 100)} % sure, v{answer.version})
              </span>
            </p>
          )}
        </div>
      </div>
    </section>
  );
}
