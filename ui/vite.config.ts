import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// The gateway serves the build from its classpath (static/); in dev, Vite proxies the API to it.
const gateway = process.env.TRAINYARD_GATEWAY ?? "http://localhost:8080";

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: process.env.TRAINYARD_UI_OUT ?? "dist",
    emptyOutDir: true,
  },
  server: {
    proxy: { "/api": gateway, "/mlflow": gateway },
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["src/test-setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
  },
});
