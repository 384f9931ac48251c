import { useState, type FormEvent } from "react";
import { useLogin, useSignup } from "../api/hooks";
import type { Me } from "../api/types";
import { FieldError, ProblemBanner } from "../components/Problem";

const FIELDS = ["username", "password"] as const;

export function LoginPage({ onLoggedIn }: { onLoggedIn: (me: Me) => void }) {
  const [mode, setMode] = useState<"login" | "signup">("login");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const login = useLogin();
  const signup = useSignup();
  const error = mode === "signup" ? (signup.error ?? login.error) : login.error;
  const pending = login.pending || signup.pending;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (mode === "signup" && !(await signup.run({ username, password }))) return;
    const session = await login.run({ username, password });
    if (session) onLoggedIn(session.user);
  };

  const switchTo = (next: "login" | "signup") => {
    setMode(next);
    login.reset();
    signup.reset();
  };

  return (
    <main className="login">
      <h1>
        <span className="logo" aria-hidden="true" /> Trainyard
      </h1>
      <p className="muted">Train PyTorch models on your own Ray cluster.</p>
      <div className="tabs" role="tablist" aria-label="Log in or sign up">
        <button type="button" role="tab" aria-selected={mode === "login"} onClick={() => switchTo("login")}>
          Log in
        </button>
        <button type="button" role="tab" aria-selected={mode === "signup"} onClick={() => switchTo("signup")}>
          Sign up
        </button>
      </div>
      <form onSubmit={submit} className="card" noValidate>
        <div className="field">
          <label htmlFor="username">User name</label>
          <input
            id="username"
            name="username"
            autoComplete="username"
            required
            value={username}
            aria-invalid={Boolean(error?.fieldError("username")) || undefined}
            aria-describedby="username-help username-error"
            onChange={(e) => setUsername(e.target.value.toLowerCase())}
          />
          {mode === "signup" && (
            <p className="help" id="username-help">
              Lower-case letters, digits and dashes; your clusters and models are named after it.
            </p>
          )}
          <FieldError id="username-error" field="username" error={error} />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete={mode === "signup" ? "new-password" : "current-password"}
            required
            value={password}
            aria-invalid={Boolean(error?.fieldError("password")) || undefined}
            aria-describedby="password-error"
            onChange={(e) => setPassword(e.target.value)}
          />
          <FieldError id="password-error" field="password" error={error} />
        </div>
        <ProblemBanner error={error} fields={FIELDS} />
        <button type="submit" className="primary" disabled={pending}>
          {pending ? "Please wait…" : mode === "signup" ? "Create account" : "Log in"}
        </button>
      </form>
    </main>
  );
}
