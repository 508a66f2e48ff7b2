import { invalid } from "./errors";
import { isObject, type Json } from "./validate";

// The PatchOp envelope common to users and groups. Operation names are matched without regard to
// case because Entra ID sends "Add"/"Replace"/"Remove".

export const PATCH_OP_URN = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

export type PatchOperation = { op: "add" | "replace" | "remove"; path?: string; value?: unknown };

export function parsePatch(body: Json): PatchOperation[] {
  if (!Array.isArray(body.schemas) || !body.schemas.includes(PATCH_OP_URN)) throw invalid();
  const ops = body.Operations;
  if (!Array.isArray(ops) || ops.length === 0) throw invalid();
  return ops.map((raw: unknown) => {
    if (!isObject(raw)) throw invalid();
    if (typeof raw.op !== "string") throw invalid("The operation must be specified.");
    const op = raw.op.toLowerCase();
    if (op !== "add" && op !== "replace" && op !== "remove") throw invalid(`Unsupported patch operation: ${raw.op}.`);
    if (raw.path !== undefined && typeof raw.path !== "string") throw invalid();
    const path = raw.path;
    if (op === "remove" && !path) throw invalid("The path is required for a remove operation.");
    if (op !== "remove" && raw.value === undefined) throw invalid(`A value is required for ${op}.`);
    return { op, path, value: raw.value };
  });
}

/** Parses `attr[sub eq "x"]` value filters used in patch paths (eq only, as in list filters). */
export function parseValueFilter(text: string): { attribute: string; value: string | boolean } {
  const m = /^\s*([A-Za-z][\w$-]*)\s+([A-Za-z]+)\s+(?:"((?:[^"\\]|\\.)*)"|(true|false))\s*$/i.exec(text);
  if (!m) throw invalid();
  if ((m[2] as string).toLowerCase() !== "eq") throw invalid(`Unsupported filter operator: ${m[2]}. Only eq is supported.`);
  const value = m[4] !== undefined ? m[4].toLowerCase() === "true" : (JSON.parse(`"${m[3] ?? ""}"`) as string);
  return { attribute: m[1] as string, value };
}
