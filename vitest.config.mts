import { defineConfig } from "vitest/config";
import path from "node:path";

const integration = ["tests/integration/**/*.test.ts"];

// Node reads NODE_EXTRA_CA_CERTS only at start, so worker processes that call the Entra simulator
// get its CA (created by the global setup before they start) the way SSO Bridge's server does.
const trustingSimulatorCa = {
  globalSetup: ["tests/support/simulator-ca.global-setup.ts"],
  env: { NODE_EXTRA_CA_CERTS: path.resolve(import.meta.dirname, ".data/test/simulator-ca/tls/ca.pem") },
};

// PostgreSQL projects share one server: the one at TEST_POSTGRES_URL or the default address, or one
// started for the run (tests/support/test-postgres.ts). Browser projects first make sure there is a browser.
const postgresServer = "tests/support/postgres.global-setup.ts";
const chromium = "tests/e2e/support/chromium.global-setup.ts";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 180_000,
    // Integration and browser files start databases, servers and Chromium; on two cores running
    // them one at a time is faster than contending.
    fileParallelism: false,
    env: { SSO_BRIDGE_ENV: "local", SSO_BRIDGE_DATA_DIR: path.resolve(import.meta.dirname, ".data/test") },
    projects: [
      { extends: true, test: { name: "unit", include: ["lib/**/*.test.ts"] } },
      { extends: true, test: { name: "sqlite", include: integration, ...trustingSimulatorCa, env: { ...trustingSimulatorCa.env, TEST_DATABASE: "sqlite" } } },
      {
        extends: true,
        test: {
          name: "postgresql",
          include: [...integration, "tests/postgresql/**/*.test.ts"],
          ...trustingSimulatorCa,
          globalSetup: [postgresServer, ...trustingSimulatorCa.globalSetup],
          env: { ...trustingSimulatorCa.env, TEST_DATABASE: "postgresql" },
        },
      },
      { extends: true, test: { name: "simulators", include: ["simulators/**/*.test.ts"] } },
      // lib/aws and lib/entra through the unmodified SDKs against the simulators; no database.
      { extends: true, test: { name: "clouds", include: ["tests/clouds/**/*.test.ts"], ...trustingSimulatorCa } },
      // The rules of the house, and the test machinery itself (the browser it finds, the PostgreSQL it may start).
      { extends: true, test: { name: "house", include: ["tests/house/**/*.test.ts", "tests/support/**/*.test.ts", "tests/e2e/support/**/*.test.ts"] } },
      // The demo runs on SQLite and on fixed ports: its test runs once, here.
      {
        extends: true,
        test: { name: "e2e-sqlite", include: ["tests/e2e/*.test.ts", "tests/e2e/sqlite/*.test.ts"], globalSetup: [chromium], env: { TEST_DATABASE: "sqlite" } },
      },
      {
        extends: true,
        test: {
          name: "e2e-postgresql",
          include: ["tests/e2e/*.test.ts", "tests/e2e/postgresql/*.test.ts"],
          globalSetup: [chromium, postgresServer],
          env: { TEST_DATABASE: "postgresql" },
        },
      },
    ],
  },
});
