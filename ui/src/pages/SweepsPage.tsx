import { useSweeps } from "../api/hooks";
import { useEventStream } from "../api/stream";
import { Empty, LoadError, Loading } from "../components/States";
import { StatusBadge } from "../components/StatusBadge";
import { ago, useThrottled } from "../lib/throttle";
import { Link } from "../router";

export function SweepsPage() {
  const sweeps = useSweeps();
  const reload = useThrottled(sweeps.reload, 1000);
  useEventStream("/api/events", (e) => {
    if (e.name.startsWith("sweep.")) reload();
  });
  if (sweeps.loading && !sweeps.data) return <Loading what="sweeps" />;
  if (sweeps.error && !sweeps.data) return <LoadError error={sweeps.error} retry={sweeps.reload} />;
  const items = sweeps.data?.items ?? [];
  return (
    <>
      <div className="page-head">
        <h1>Sweeps</h1>
      </div>
      {items.length === 0 ? (
        <Empty>No sweep yet: start one from the dashboard.</Empty>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Sweep</th>
              <th scope="col">Template</th>
              <th scope="col">Status</th>
              <th scope="col">Trials</th>
              <th scope="col">Best</th>
              <th scope="col">Started</th>
            </tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <tr key={s.id} data-sweep={s.id}>
                <td>
                  <Link to={`/sweeps/${s.id}`}>{s.id.slice(0, 8)}</Link>
                </td>
                <td>{s.template}</td>
                <td>
                  <StatusBadge status={s.status} />
                </td>
                <td>
                  {s.trialList.length}/{s.plannedTrials}
                </td>
                <td>{s.best ? `${s.metric} ${s.best.metric.toFixed(4)}` : "–"}</td>
                <td>{ago(s.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
