import { invalid } from "./errors";

// Value checks shared by users and groups. IAM Identity Center rejects control characters such as
// tab, carriage return and line feed in attribute values, so every string is screened.

export type Json = Record<string, unknown>;

const FORBIDDEN = /[\t\r\n\u0000-\u001f\u007f]/;

export function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function optionalString(obj: Json, key: string): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw invalid(`${key} must be a string.`);
  if (FORBIDDEN.test(v)) throw invalid(`${key} contains characters that are not allowed.`);
  return v;
}

export function requiredString(obj: Json, key: string, label = key): string {
  const v = optionalString(obj, key);
  if (v === undefined || v.trim() === "") throw invalid(`${label} is required.`);
  return v;
}

export function optionalBoolean(obj: Json, key: string): boolean | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "boolean") return v;
  // Entra ID sends "True"/"False" strings for booleans unless told otherwise.
  if (typeof v === "string" && /^(true|false)$/i.test(v)) return v.toLowerCase() === "true";
  throw invalid(`${key} must be a boolean.`);
}

/** Screens every string inside a nested value (enterprise extension, addresses, ...). */
export function screenStrings(value: unknown, label: string): void {
  if (typeof value === "string") {
    if (FORBIDDEN.test(value)) throw invalid(`${label} contains characters that are not allowed.`);
  } else if (Array.isArray(value)) {
    value.forEach((v) => screenStrings(v, label));
  } else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) screenStrings(v, `${label}.${k}`);
  }
}

/** Multi-valued attributes may hold one value at most in IAM Identity Center. */
export function singleValued(obj: Json, key: string): Json | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw invalid(`${key} must be an array.`);
  if (v.length > 1) throw invalid(`Multiple values for ${key} are not supported.`);
  if (v.length === 0) return undefined;
  const only = v[0] as unknown;
  if (!isObject(only)) throw invalid(`${key} must contain objects.`);
  screenStrings(only, key);
  return only;
}
