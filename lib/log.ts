// One JSON line per event. Callers pass facts, never secrets: details go through the same
// redaction as audit details.
import { redact } from "./audit/redact";

type Level = "info" | "warn" | "error";

export function log(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...(redact(fields) as object) });
  (level === "error" ? console.error : console.log)(line);
}

export function errorFields(e: unknown): Record<string, unknown> {
  return e instanceof Error ? { error: e.name, errorMessage: e.message, stack: e.stack } : { error: String(e) };
}
