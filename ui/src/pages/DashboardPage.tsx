import { useEnvironments } from "../api/hooks";
import { useEventStream } from "../api/stream";
import { StreamIndicator } from "../components/States";
import { EnvironmentsPanel } from "./EnvironmentsPanel";
import { SweepPanel } from "./SweepPanel";
import { TrainPanel } from "./TrainPanel";

export function DashboardPage() {
  const environments = useEnvironments();
  const stream = useEventStream("/api/events", (e) => {
    if (e.name.startsWith("environment.")) environments.reload();
  });
  return (
    <>
      <div className="page-head">
        <h1>Dashboard</h1>
        <StreamIndicator state={stream} />
      </div>
      <div className="split">
        <EnvironmentsPanel environments={environments} />
        <div>
          <TrainPanel environments={environments} />
          <SweepPanel environments={environments} />
        </div>
      </div>
    </>
  );
}
