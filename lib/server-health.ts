import { storageConfig } from "./config";
import { db } from "./db";
import { pingDatabase } from "./db-dialect";

export type ServerHealth = {
  status: "ok" | "unavailable";
  process: { uptimeSeconds: number };
  database: { provider: "sqlite" | "postgresql"; ok: boolean; latencyMs?: number; error?: string };
};

export async function checkServerHealth(): Promise<ServerHealth> {
  const started = performance.now();
  // Versions and process ids are left out: the endpoint answers without a session.
  const proc = { uptimeSeconds: Math.round(process.uptime()) };
  const provider = storageConfig().databaseProvider;
  try {
    await pingDatabase(db());
    return { status: "ok", process: proc, database: { provider, ok: true, latencyMs: Math.round(performance.now() - started) } };
  } catch (e) {
    // The code only: a driver message can carry host names or user names.
    const code = (e as { code?: string }).code ?? "unknown";
    return { status: "unavailable", process: proc, database: { provider, ok: false, error: `database unreachable (${code})` } };
  }
}
