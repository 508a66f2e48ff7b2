import type { AwsJsonError } from "./protocol";

// Input checks phrased the way AWS's request validation phrases them, so a client that logs the
// message sees what it would see against the real service.

export type Invalid = (message: string) => AwsJsonError;

type StringRule = { pattern?: RegExp; min?: number; max?: number };

function fieldName(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

export function optionalString(input: Record<string, unknown>, name: string, invalid: Invalid, rule: StringRule = {}): string | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw invalid(`1 validation error detected: Value at '${fieldName(name)}' failed to satisfy constraint: Member must be a string`);
  if (rule.min !== undefined && v.length < rule.min)
    throw invalid(
      `1 validation error detected: Value '${v}' at '${fieldName(name)}' failed to satisfy constraint: Member must have length greater than or equal to ${rule.min}`,
    );
  if (rule.max !== undefined && v.length > rule.max)
    throw invalid(
      `1 validation error detected: Value at '${fieldName(name)}' failed to satisfy constraint: Member must have length less than or equal to ${rule.max}`,
    );
  if (rule.pattern && !rule.pattern.test(v))
    throw invalid(
      `1 validation error detected: Value '${v}' at '${fieldName(name)}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${rule.pattern.source}`,
    );
  return v;
}

export function requireString(input: Record<string, unknown>, name: string, invalid: Invalid, rule: StringRule = {}): string {
  const v = optionalString(input, name, invalid, rule);
  if (v === undefined) throw invalid(`1 validation error detected: Value null at '${fieldName(name)}' failed to satisfy constraint: Member must not be null`);
  return v;
}

export function requireEnum<T extends string>(input: Record<string, unknown>, name: string, allowed: readonly T[], invalid: Invalid): T {
  const v = requireString(input, name, invalid);
  if (!(allowed as readonly string[]).includes(v))
    throw invalid(
      `1 validation error detected: Value '${v}' at '${fieldName(name)}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(", ")}]`,
    );
  return v as T;
}

export function optionalEnum<T extends string>(input: Record<string, unknown>, name: string, allowed: readonly T[], invalid: Invalid): T | undefined {
  return input[name] === undefined || input[name] === null ? undefined : requireEnum(input, name, allowed, invalid);
}

export function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}
