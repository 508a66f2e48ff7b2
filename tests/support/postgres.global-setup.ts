import type { TestProject } from "vitest/node";
import { findOrStartTestPostgres } from "./test-postgres";

// Finds or starts the PostgreSQL server (see test-postgres.ts) once per run, before any worker
// starts, and hands its URL to the workers. Projects that share this setup share the server: the
// first one to start it records its URL in TEST_POSTGRES_URL, where the next one finds it.

declare module "vitest" {
  export interface ProvidedContext {
    testPostgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await findOrStartTestPostgres();
  if (server.started) process.env.TEST_POSTGRES_URL = server.url;
  project.provide("testPostgresUrl", server.url);
  return async () => {
    if (!server.started) return;
    delete process.env.TEST_POSTGRES_URL;
    await server.stop();
  };
}
