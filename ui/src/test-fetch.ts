import { vi } from "vitest";

type Answer = { status: number; body?: unknown; type?: string };

/** Answers the app's requests by method and path, and records them, in place of the network. */
export function answer(routes: Record<string, Answer | ((init?: RequestInit) => Answer)>) {
  const calls: { key: string; init?: RequestInit }[] = [];
  const fetchStub = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), "http://localhost");
    const key = `${init?.method ?? "GET"} ${url.pathname}`;
    calls.push({ key, init });
    const route = routes[key];
    if (!route) return new Response(JSON.stringify({ title: "Not Found", status: 404 }), { status: 404 });
    const a = typeof route === "function" ? route(init) : route;
    return new Response(a.body === undefined ? null : JSON.stringify(a.body), {
      status: a.status,
      headers: { "content-type": a.type ?? "application/json" },
    });
  });
  vi.stubGlobal("fetch", fetchStub);
  return calls;
}
