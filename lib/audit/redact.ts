// Details are stored forever and shown to every role, so anything secret-shaped is removed before
// it is written, however a caller named it.
const SECRET_KEY = /(secret|token|password|passphrase|credential|private.?key|authorization|cookie|api.?key)/i;
const JWT = /^eyJ[\w-]+\.[\w-]+\.[\w-]*$/;

export const REDACTED = "[redacted]";

export function redact(value: Record<string, unknown>): Record<string, unknown>;
export function redact(value: unknown): unknown;
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value instanceof Date) return value.toISOString();
  // An Error's message and stack are not enumerable; without this they would vanish from logs.
  if (value instanceof Error) return redact({ ...value, name: value.name, message: value.message, stack: value.stack });
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEY.test(k) ? REDACTED : redact(v)]));
  }
  if (typeof value === "string" && JWT.test(value)) return REDACTED;
  return value;
}
