import { useEffect, useState } from "react";
import { UNAUTHENTICATED } from "./api/client";
import { useLogout, useMe } from "./api/hooks";
import type { Me } from "./api/types";
import { Loading } from "./components/States";
import { DashboardPage } from "./pages/DashboardPage";
import { JobPage } from "./pages/JobPage";
import { JobsPage } from "./pages/JobsPage";
import { LoginPage } from "./pages/LoginPage";
import { ModelsPage } from "./pages/ModelsPage";
import { SweepPage } from "./pages/SweepPage";
import { SweepsPage } from "./pages/SweepsPage";
import { Link, match, useLocation } from "./router";

export function App() {
  const me = useMe();
  const [user, setUser] = useState<Me | null | undefined>(undefined);
  const logout = useLogout();
  const current = user === undefined ? (me.data ?? (me.error ? null : undefined)) : user;

  useEffect(() => {
    const expired = () => setUser(null);
    window.addEventListener(UNAUTHENTICATED, expired);
    return () => window.removeEventListener(UNAUTHENTICATED, expired);
  }, []);

  if (current === undefined) return <Loading what="Trainyard" />;
  if (current === null) return <LoginPage onLoggedIn={setUser} />;

  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <Link to="/" className="brand">
          <span className="logo" aria-hidden="true" /> Trainyard
        </Link>
        <nav aria-label="Main">
          <Link to="/">Dashboard</Link>
          <Link to="/jobs">Jobs</Link>
          <Link to="/sweeps">Sweeps</Link>
          <Link to="/models">Models</Link>
          <a href="/mlflow/" target="_blank" rel="noreferrer">
            MLflow ↗
          </a>
        </nav>
        <div className="me">
          <span className="muted small">{current.username}</span>
          <button
            type="button"
            className="link"
            onClick={async () => {
              await logout.run(undefined);
              setUser(null);
            }}
          >
            Log out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Page />
      </main>
    </>
  );
}

function Page() {
  const { path } = useLocation();
  const job = match("/jobs/:id", path);
  if (job?.id) return <JobPage id={job.id} key={job.id} />;
  if (match("/jobs", path)) return <JobsPage />;
  const sweep = match("/sweeps/:id", path);
  if (sweep?.id) return <SweepPage id={sweep.id} key={sweep.id} />;
  if (match("/sweeps", path)) return <SweepsPage />;
  const model = match("/models/:name", path);
  if (model?.name) return <ModelsPage name={model.name} />;
  if (match("/models", path)) return <ModelsPage name={null} />;
  if (match("", path) || path === "/") return <DashboardPage />;
  return (
    <div className="empty">
      <h1>Not found</h1>
      <p>
        Nothing lives at <code>{path}</code>. <Link to="/">Back to the dashboard</Link>
      </p>
    </div>
  );
}
