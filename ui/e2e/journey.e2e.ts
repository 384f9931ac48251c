import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";

// The whole journey in real Chromium against a running stack (./trainyard test starts one).
const BASE = process.env.TRAINYARD_E2E_URL ?? "http://localhost:8080";
const CHROMIUM = process.env.TRAINYARD_CHROMIUM ?? "/usr/bin/chromium";
const SHOTS = join(import.meta.dirname, "screenshots");
const FIXTURES = join(import.meta.dirname, "fixtures");
const MINUTE = 60_000;

let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--headless",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
});

afterAll(async () => {
  await browser?.close();
});

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

test("a new user trains the digits model and their own code and data on their own cluster, and asks the model about a drawn digit", async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const user = `e2e-${Date.now().toString(36)}`;

  // Sign up; a wrong password length is shown beside the field first.
  await page.goto(BASE);
  await page.getByRole("tab", { name: "Sign up" }).click();
  await page.getByLabel("User name").fill(user);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect.poll(() => page.locator("#password-error").textContent()).toBeTruthy();
  await shot(page, "01-signup-error");
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();

  // An environment: the local Ray cluster, watched live until it is ready.
  await page.getByLabel("Workers", { exact: true }).first().fill("2");
  await page.getByRole("button", { name: "Create environment" }).click();
  const env = page.locator('[data-environment="default"]');
  await env.waitFor();
  await shot(page, "02-environment-provisioning");
  await env.locator(".badge", { hasText: "ready" }).waitFor({ timeout: 5 * MINUTE });
  await expect(env.getByRole("link", { name: /Ray dashboard/ })).toBeTruthy();
  await shot(page, "03-dashboard-ready");

  // Train the digits template with 2 workers; the form comes from the template's schema.
  await page.getByRole("radio", { name: /Digits classifier \(MLP\)/ }).check();
  await page.getByLabel("Epochs", { exact: true }).fill("500");
  await page.getByRole("button", { name: "Start training" }).click();
  await expect.poll(() => page.locator("#hp-epochs-error").textContent()).toContain("at most 200");
  await page.getByLabel("Epochs", { exact: true }).fill("8");
  await page.locator("#job-workers").fill("2");
  await page.getByRole("button", { name: "Start training" }).click();
  await page.waitForURL(/\/jobs\/[0-9a-f-]+$/);
  const jobId = page.url().split("/").pop() ?? "";

  // Live progress from the job's stream, to 100 %, with the charts drawn.
  const progress = page.getByRole("progressbar", { name: "Training progress" });
  await page.locator(".badge", { hasText: "running" }).first().waitFor({ timeout: 5 * MINUTE });
  await page.locator("figure.chart").first().waitFor({ timeout: 5 * MINUTE });
  await shot(page, "04-job-running");
  await page.locator("h1 .badge", { hasText: "succeeded" }).waitFor({ timeout: 10 * MINUTE });
  expect(await progress.getAttribute("aria-valuenow")).toBe("100");
  expect(await page.locator("figure.chart").count()).toBe(2);
  expect((await page.getByLabel("Job logs").textContent())?.trim()).toBeTruthy();

  // The MLflow run, through the gateway's proxy: the UI page and the run's parameters.
  const runLink = page.getByRole("link", { name: /MLflow run/ });
  await runLink.waitFor({ timeout: 2 * MINUTE });
  const runUrl = (await runLink.getAttribute("href")) ?? "";
  const runId = runUrl.split("/").pop() ?? "";
  const run = await page.request.get(`${BASE}/mlflow/api/2.0/mlflow/runs/get?run_id=${runId}`);
  expect(run.status()).toBe(200);
  const params = ((await run.json()) as { run: { data: { params: { key: string; value: string }[] } } }).run.data.params;
  expect(params).toContainEqual({ key: "epochs", value: "8" });

  // The registered model version, linked from the job.
  const modelLink = page.getByRole("link", { name: /^Model .+ v\d+$/ });
  await modelLink.waitFor({ timeout: 3 * MINUTE });
  await shot(page, "05-job-succeeded");
  const mlflow = await context.newPage();
  await mlflow.goto(`${BASE}${runUrl}`);
  await mlflow.getByText(runId).first().waitFor({ timeout: MINUTE });
  await shot(mlflow, "06-mlflow-run");
  await mlflow.close();

  await modelLink.click();
  await page.getByRole("heading", { name: `${user}-digits-mlp` }).waitFor();
  await page.locator("tr[data-version]").first().waitFor();
  expect(await page.locator("tr[data-version] td").nth(1).textContent()).toContain("@latest");
  expect(await page.locator("tr[data-version]").first().textContent()).toContain(jobId.slice(0, 8));

  // Draw a "1" on the 8×8 grid and ask the model.
  for (const row of [1, 2, 3, 4, 5, 6]) {
    await page.locator(`[data-cell="${row * 8 + 4}"]`).click();
  }
  await page.getByRole("button", { name: "Predict" }).click();
  const digit = page.getByTestId("predicted-digit");
  await digit.waitFor({ timeout: MINUTE });
  expect(Number(await digit.textContent())).toBeGreaterThanOrEqual(0);
  expect(Number(await digit.textContent())).toBeLessThanOrEqual(9);
  await shot(page, "07-model-prediction");

  // Their own code and data, uploaded through the form: a regression on a CSV, trained on Ray
  // like a template, its model registered as <user>-own-code.
  await page.getByRole("link", { name: "Dashboard" }).click();
  await page.getByRole("radio", { name: /Your own code/ }).check();
  await page.setInputFiles("#code", join(FIXTURES, "model.py"));
  await page.setInputFiles("#data", join(FIXTURES, "houses.csv"));
  await page.getByLabel("Hyperparameters (JSON)").fill('{"epochs": 6, "learningRate": 0.01, "targetColumn": "price", "hidden": 32}');
  expect(await page.locator("#job-workers").inputValue()).toBe("2");
  await page.getByRole("button", { name: "Start training" }).click();
  await page.waitForURL((url) => /\/jobs\/[0-9a-f-]+$/.test(url.pathname) && !url.pathname.endsWith(jobId));
  const ownJobId = page.url().split("/").pop() ?? "";
  await page.locator("h1 .badge", { hasText: "succeeded" }).waitFor({ timeout: 10 * MINUTE });
  expect(await page.getByText("model.py").count()).toBeGreaterThan(0);
  const ownModel = page.getByRole("link", { name: new RegExp(`^Model ${user}-own-code v\\d+$`) });
  await ownModel.waitFor({ timeout: 3 * MINUTE });
  await shot(page, "08-own-code-succeeded");
  await ownModel.click();
  await page.getByRole("heading", { name: `${user}-own-code` }).waitFor();
  expect(await page.locator("tr[data-version]").first().textContent()).toContain(ownJobId.slice(0, 8));

  // A small sweep from the dashboard's sweep form: two trials of a log-uniform learning rate at
  // once, ASHA on; its page follows every trial to the end and names the best.
  await page.getByRole("link", { name: "Dashboard" }).click();
  const sweepForm = page.getByRole("form", { name: "Sweep" });
  await sweepForm.getByLabel("Template").selectOption("digits-mlp");
  await sweepForm.locator("#dim-learningRate").selectOption("logUniform");
  await sweepForm.getByLabel("learningRate low").fill("0.001");
  await sweepForm.getByLabel("learningRate high").fill("0.05");
  await sweepForm.getByLabel("Epochs per trial").fill("2");
  await sweepForm.getByLabel("Trials", { exact: true }).fill("2");
  await sweepForm.getByLabel("At once").fill("5");
  await sweepForm.getByRole("button", { name: "Start sweep" }).click();
  await expect.poll(() => page.locator("#sweep-concurrent-error").textContent()).toContain("has 2");
  await sweepForm.getByLabel("At once").fill("2");
  await sweepForm.getByRole("button", { name: "Start sweep" }).click();
  await page.waitForURL(/\/sweeps\/[0-9a-f-]+$/);
  await page.locator("h1 .badge", { hasText: "succeeded" }).waitFor({ timeout: 10 * MINUTE });
  expect(await page.locator("tr[data-trial]").count()).toBe(2);
  expect(await page.getByTestId("sweep-best").textContent()).toMatch(/^Best: trial #\d/);
  await page.locator("tr.best").waitFor();
  await shot(page, "09-sweep-succeeded");

  // The jobs list, and the dashboard at phone width.
  await page.getByRole("link", { name: "Jobs" }).click();
  await page.locator(`tr[data-job="${jobId}"] .badge`, { hasText: "succeeded" }).waitFor();
  await shot(page, "10-jobs");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole("link", { name: "Dashboard" }).click();
  await page.getByRole("heading", { name: "Environments" }).waitFor();
  await shot(page, "11-dashboard-phone");

  // Deleting the environment stops its Ray cluster.
  page.once("dialog", (d) => void d.accept());
  await env.getByRole("button", { name: "Delete" }).click();
  await env.locator(".badge", { hasText: /deleting|deleted/ }).waitFor({ timeout: 2 * MINUTE });
  await context.close();
});
