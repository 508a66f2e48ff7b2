import { parseJsonText } from "../http/json-text";

// Checks an IAM policy document before AWS sees it, so a typo is pointed at where it is instead of
// coming back as AWS's "MalformedPolicyDocument". The checks are the grammar's structure (IAM JSON
// policy reference); whether actions and resources exist is left to AWS.

export const MAX_INLINE_POLICY_CHARS = 32_768;
const VERSIONS = ["2012-10-17", "2008-10-17"];
const EFFECTS = ["Allow", "Deny"];
const STATEMENT_KEYS = new Set(["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"]);

export type PolicyCheck = { ok: true; normalized: string } | { ok: false; problem: string };

export function checkPolicyDocument(text: string): PolicyCheck {
  if (text.length > MAX_INLINE_POLICY_CHARS)
    return {
      ok: false,
      problem: `The policy is ${text.length.toLocaleString("en-US")} characters; an inline policy may have at most ${MAX_INLINE_POLICY_CHARS.toLocaleString("en-US")}.`,
    };
  const parsed = parseJsonText(text);
  if (!parsed.ok) return { ok: false, problem: `The policy is not valid JSON: ${where(text, parsed.problem)}` };
  const doc = parsed.value;
  if (!isObject(doc)) return { ok: false, problem: "The policy must be a JSON object with Version and Statement." };
  if (doc.Version === undefined) return { ok: false, problem: `The policy needs "Version": "2012-10-17".` };
  if (!VERSIONS.includes(doc.Version as string))
    return { ok: false, problem: `"Version" must be "2012-10-17" (the current policy language), not ${JSON.stringify(doc.Version)}.` };
  const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement === undefined ? null : [doc.Statement];
  if (!statements || statements.length === 0) return { ok: false, problem: `The policy needs at least one statement in "Statement".` };
  for (const [i, s] of statements.entries()) {
    const problem = statementProblem(s);
    if (problem) return { ok: false, problem: `Statement ${i + 1}${isObject(s) && typeof s.Sid === "string" ? ` (${s.Sid})` : ""}: ${problem}` };
  }
  // Sids identify statements, so two alike would make the policy ambiguous.
  const sids = statements.map((s) => (s as Record<string, unknown>).Sid).filter((sid): sid is string => typeof sid === "string");
  const twice = sids.find((sid, i) => sids.indexOf(sid) !== i);
  if (twice) return { ok: false, problem: `Two statements have the Sid "${twice}"; Sids must be unique.` };
  return { ok: true, normalized: JSON.stringify(doc) };
}

function statementProblem(s: unknown): string | null {
  if (!isObject(s)) return "each statement must be a JSON object.";
  const unknown = Object.keys(s).find((k) => !STATEMENT_KEYS.has(k));
  if (unknown) return `"${unknown}" is not a statement element (expected Effect, Action, Resource, Condition…).`;
  if (!EFFECTS.includes(s.Effect as string)) return `"Effect" must be "Allow" or "Deny"${s.Effect === undefined ? "" : `, not ${JSON.stringify(s.Effect)}`}.`;
  if (s.Principal !== undefined || s.NotPrincipal !== undefined)
    return "an inline policy for a permission set applies to the role it creates, so it has no Principal.";
  if ((s.Action === undefined) === (s.NotAction === undefined)) return `give exactly one of "Action" or "NotAction".`;
  if ((s.Resource === undefined) === (s.NotResource === undefined)) return `give exactly one of "Resource" or "NotResource" ("*" for all).`;
  for (const key of ["Action", "NotAction", "Resource", "NotResource"] as const) {
    const v = s[key];
    if (v !== undefined && !stringOrStrings(v)) return `"${key}" must be a string or a non-empty list of strings.`;
  }
  for (const key of ["Action", "NotAction"] as const) {
    const bad = strings(s[key]).find((a) => a !== "*" && !/^[a-zA-Z0-9-]+:[a-zA-Z0-9*?]+$/.test(a));
    if (bad) return `"${bad}" is not an action; write it as service:Action, e.g. s3:GetObject.`;
  }
  if (s.Condition !== undefined && !isObject(s.Condition))
    return `"Condition" must be an object of operators, e.g. {"Bool": {"aws:MultiFactorAuthPresent": "true"}}.`;
  return null;
}

/** The parser's complaint with the line and column it points at, where Node gives a position. */
function where(text: string, message: string): string {
  const at = /position (\d+)/.exec(message);
  if (!at) return message;
  const before = text.slice(0, Number(at[1]));
  const line = before.split("\n").length;
  const column = before.length - before.lastIndexOf("\n");
  return `${message.replace(/ in JSON at position \d+.*$/, "")} at line ${line}, column ${column}.`;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const stringOrStrings = (v: unknown) => typeof v === "string" || (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "string"));
const strings = (v: unknown): string[] => (typeof v === "string" ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
