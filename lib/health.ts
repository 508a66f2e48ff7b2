import { storageConfig } from "./config";
import { db } from "./db";
import { pingDatabase } from "./db-dialect";

export type Health = {
  status: "ok" | "unavailable";
  process: { uptimeSeconds: number; node: string; pid: number };
  database: { provider: "sqlite" | "postgresql"; ok: boolean; latencyMs?: number; error?: string };
};

export async function checkHealth(): Promise<Health> {
  const started = performance.now();
  const proc = { uptimeSeconds: Math.round(process.uptime()), node: process.version, pid: process.pid };
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
