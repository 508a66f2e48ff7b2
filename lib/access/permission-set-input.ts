import { z } from "zod";
import type { PermissionSetDefinition, PermissionsBoundary, PolicyReference } from "../aws/permission-sets";
import { jsonOrUndefined } from "../http/json-text";
import { checkPolicyDocument } from "./policy-document";

// The permission set form, checked against the constraints the sso-admin API reference gives for
// each field, so AWS's refusal is the exception rather than the way mistakes are found.

const NAME = /^[\w+=,.@-]+$/;
const DESCRIPTION = /^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$/;
const MANAGED_POLICY_ARN = /^arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):iam::aws:policy\/[\w+=,.@/-]+$/;
const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
const POLICY_PATH = /^((\/[A-Za-z0-9.,+@=_-]+)*)\/$/;

const lines = (v: string) =>
  v
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** "ReadLogs" or "/team/ReadLogs": a customer managed policy by path and name. */
export function parsePolicyReference(text: string): PolicyReference | null {
  const cut = text.lastIndexOf("/");
  const path = cut < 0 ? "/" : text.slice(0, cut + 1) || "/";
  const name = cut < 0 ? text : text.slice(cut + 1);
  return POLICY_NAME.test(name) && POLICY_PATH.test(path) ? { name, path } : null;
}

export const permissionSetForm = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, "Name the permission set.")
      .max(32, "At most 32 characters.")
      .regex(NAME, "Use letters, digits and + = , . @ - _ only (no spaces)."),
    description: z.string().trim().max(700, "At most 700 characters.").regex(DESCRIPTION, "Use plain Latin characters only.").default(""),
    sessionHours: z.coerce.number({ message: "Choose a session length." }).int("Whole hours only.").min(1, "At least 1 hour.").max(12, "At most 12 hours."),
    relayState: z
      .string()
      .trim()
      .max(240, "At most 240 characters.")
      .refine((v) => v === "" || /^https:\/\/[^\s]+$/.test(v), "Give the full https:// address of the console page to open.")
      .default(""),
    managedPolicies: z
      .string()
      .default("")
      .refine((v) => lines(v).every((l) => MANAGED_POLICY_ARN.test(l)), {
        message: "Each line must be an AWS managed policy ARN, e.g. arn:aws:iam::aws:policy/ReadOnlyAccess.",
      })
      .refine((v) => lines(v).length <= 20, "At most 20 AWS managed policies."),
    customerPolicies: z
      .string()
      .default("")
      .refine((v) => lines(v).every((l) => parsePolicyReference(l) !== null), {
        message: "Each line must be a policy name, or its path and name such as /team/ReadLogs.",
      })
      .refine((v) => lines(v).length <= 20, "At most 20 customer managed policies."),
    inlinePolicy: z.string().trim().default(""),
    boundary: z.enum(["none", "managed", "customer"]).default("none"),
    boundaryPolicy: z.string().trim().default(""),
  })
  .superRefine((f, ctx) => {
    if (f.inlinePolicy) {
      const check = checkPolicyDocument(f.inlinePolicy);
      if (!check.ok) ctx.addIssue({ code: "custom", path: ["inlinePolicy"], message: check.problem });
    }
    if (f.boundary === "managed" && !MANAGED_POLICY_ARN.test(f.boundaryPolicy))
      ctx.addIssue({ code: "custom", path: ["boundaryPolicy"], message: "Give the boundary's AWS managed policy ARN." });
    if (f.boundary === "customer" && !parsePolicyReference(f.boundaryPolicy))
      ctx.addIssue({ code: "custom", path: ["boundaryPolicy"], message: "Give the boundary policy's name, or its path and name." });
  });

export type PermissionSetForm = z.output<typeof permissionSetForm>;

export function definitionOf(f: PermissionSetForm): PermissionSetDefinition {
  const inline = f.inlinePolicy ? checkPolicyDocument(f.inlinePolicy) : null;
  let permissionsBoundary: PermissionsBoundary | null = null;
  if (f.boundary === "managed") permissionsBoundary = { managedPolicyArn: f.boundaryPolicy };
  if (f.boundary === "customer") permissionsBoundary = { customerManagedPolicy: parsePolicyReference(f.boundaryPolicy)! };
  return {
    name: f.name,
    description: f.description || null,
    sessionDuration: `PT${f.sessionHours}H`,
    relayState: f.relayState || null,
    managedPolicyArns: [...new Set(lines(f.managedPolicies))],
    customerManagedPolicies: dedupe(lines(f.customerPolicies).map((l) => parsePolicyReference(l)!)),
    inlinePolicy: inline?.ok ? inline.normalized : null,
    permissionsBoundary,
  };
}

/** The form's values for an existing set or a template, for editing. */
export function formOf(d: PermissionSetDefinition): Record<keyof PermissionSetForm, string> {
  const b = d.permissionsBoundary;
  return {
    name: d.name,
    description: d.description ?? "",
    sessionHours: String(sessionHours(d.sessionDuration)),
    relayState: d.relayState ?? "",
    managedPolicies: d.managedPolicyArns.join("\n"),
    customerPolicies: d.customerManagedPolicies.map((r) => `${r.path === "/" ? "" : r.path}${r.name}`).join("\n"),
    inlinePolicy: d.inlinePolicy ? indentedPolicy(d.inlinePolicy) : "",
    boundary: !b ? "none" : "managedPolicyArn" in b ? "managed" : "customer",
    boundaryPolicy: !b
      ? ""
      : "managedPolicyArn" in b
        ? b.managedPolicyArn
        : `${b.customerManagedPolicy.path === "/" ? "" : b.customerManagedPolicy.path}${b.customerManagedPolicy.name}`,
  };
}

/** An inline policy as AWS keeps it, indented for reading; as it is when it is not JSON. */
function indentedPolicy(policy: string): string {
  const doc = jsonOrUndefined(policy);
  return doc === undefined ? policy : JSON.stringify(doc, null, 2);
}

/** Whole hours from an ISO 8601 duration such as PT4H or PT90M (rounded up), for the form. */
export function sessionHours(duration: string): number {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(duration);
  if (!m) return 1;
  const seconds = Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
  return Math.min(12, Math.max(1, Math.ceil(seconds / 3600)));
}

function dedupe(refs: PolicyReference[]): PolicyReference[] {
  const seen = new Set<string>();
  return refs.filter((r) => !seen.has(`${r.path}${r.name}`) && seen.add(`${r.path}${r.name}`));
}
