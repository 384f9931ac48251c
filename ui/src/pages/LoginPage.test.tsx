import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, vi } from "vitest";
import { answer } from "../test-fetch";
import { LoginPage } from "./LoginPage";

afterEach(() => vi.unstubAllGlobals());

const problem = (field: string, reason: string) => ({
  status: 400,
  type: "application/problem+json",
  body: { title: "Invalid request", status: 400, detail: reason, field, errors: [{ field, reason }] },
});

test("a refused sign-up shows the server's reason beside the field it names", async () => {
  answer({ "POST /api/auth/signup": problem("password", "8 to 72 characters") });
  render(<LoginPage onLoggedIn={() => {}} />);
  await userEvent.click(screen.getByRole("tab", { name: "Sign up" }));
  await userEvent.type(screen.getByLabelText("User name"), "Ada");
  await userEvent.type(screen.getByLabelText("Password"), "short");
  await userEvent.click(screen.getByRole("button", { name: "Create account" }));

  const password = screen.getByLabelText("Password");
  expect(await screen.findByText("8 to 72 characters")).toHaveAttribute("id", "password-error");
  expect(password).toHaveAttribute("aria-invalid", "true");
  expect(password).toHaveAccessibleDescription("8 to 72 characters");
  expect(screen.getByLabelText("User name")).toHaveValue("ada");
});

test("signing up logs the new user in", async () => {
  const calls = answer({
    "POST /api/auth/signup": { status: 201, body: { username: "ada", role: "user" } },
    "POST /api/auth/login": { status: 200, body: { token: "t", expiresAt: "2030-01-01T00:00:00Z", user: { username: "ada", role: "user" } } },
  });
  const loggedIn = vi.fn();
  render(<LoginPage onLoggedIn={loggedIn} />);
  await userEvent.click(screen.getByRole("tab", { name: "Sign up" }));
  await userEvent.type(screen.getByLabelText("User name"), "ada");
  await userEvent.type(screen.getByLabelText("Password"), "correct horse");
  await userEvent.click(screen.getByRole("button", { name: "Create account" }));

  await vi.waitFor(() => expect(loggedIn).toHaveBeenCalledWith({ username: "ada", role: "user" }));
  expect(calls.map((c) => c.key)).toEqual(["POST /api/auth/signup", "POST /api/auth/login"]);
  expect(JSON.parse(String(calls[1]?.init?.body))).toEqual({ username: "ada", password: "correct horse" });
});

test("a wrong password is said in a banner, since no single field is to blame", async () => {
  answer({ "POST /api/auth/login": { status: 401, type: "application/problem+json", body: { title: "Not authenticated", status: 401, detail: "wrong user name or password" } } });
  render(<LoginPage onLoggedIn={() => {}} />);
  await userEvent.type(screen.getByLabelText("User name"), "ada");
  await userEvent.type(screen.getByLabelText("Password"), "incorrect horse");
  await userEvent.keyboard("{Enter}");
  expect(await screen.findByRole("alert")).toHaveTextContent("wrong user name or password");
});
