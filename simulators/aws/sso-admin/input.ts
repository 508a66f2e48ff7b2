import type { OperationHandler } from "../json-protocol/protocol";
import type { PageBounds } from "../json-protocol/pagination";
import { requireString } from "../json-protocol/validate";
import { invalid, notFound } from "./errors";
import type { PermissionSetRecord, SsoAdminState } from "./state";

// Input rules shared by the sso-admin operations, with the patterns the API reference documents.

export const PAGE: PageBounds = { min: 1, max: 100, default: 100 };
export const INSTANCE_ARN = /^arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/;
export const PERMISSION_SET_ARN = /^arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):sso:::permissionSet\/(sso)?ins-[a-zA-Z0-9-.]{16}\/ps-[a-zA-Z0-9-./]{16}$/;
export const ACCOUNT_ID = /^\d{12}$/;
export const PRINCIPAL_ID = /^([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$/;
export const REQUEST_ID = /^\b[0-9a-f]{8}\b-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-\b[0-9a-f]{12}\b$/;

export type Ops = Record<string, OperationHandler>;

export function instanceArn(state: SsoAdminState, input: Record<string, unknown>): string {
  const arn = requireString(input, "InstanceArn", invalid, { min: 10, max: 1224, pattern: INSTANCE_ARN });
  if (arn !== state.world.instance.InstanceArn) throw notFound(`Instance ${arn} does not exist.`);
  return arn;
}

export function permissionSet(state: SsoAdminState, input: Record<string, unknown>): PermissionSetRecord {
  instanceArn(state, input);
  const arn = requireString(input, "PermissionSetArn", invalid, { min: 10, max: 1224, pattern: PERMISSION_SET_ARN });
  const ps = state.permissionSets.get(arn);
  if (!ps) throw notFound(`Could not find PermissionSet with ARN ${arn}`);
  return ps;
}

/** ISO-8601 duration → seconds, for the forms sessions use (PT1H, PT90M, P0DT8H …). */
export function durationSeconds(text: string): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text);
  if (!m || text === "P" || text.endsWith("T")) return undefined;
  const [, d, h, min, s] = m;
  return Number(d ?? 0) * 86400 + Number(h ?? 0) * 3600 + Number(min ?? 0) * 60 + Number(s ?? 0);
}

export function sessionDuration(input: Record<string, unknown>): string | undefined {
  const v = input.SessionDuration;
  if (v === undefined || v === null) return undefined;
  const text = requireString(input, "SessionDuration", invalid, { min: 1, max: 100 });
  const seconds = durationSeconds(text);
  if (seconds === undefined)
    throw invalid(`1 validation error detected: Value '${text}' at 'sessionDuration' failed to satisfy constraint: Member must be an ISO-8601 duration`);
  if (seconds < 3600 || seconds > 12 * 3600) throw invalid("SessionDuration must be between PT1H and PT12H.");
  return text;
}
