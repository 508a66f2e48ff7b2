import { invalid } from "./errors";

// The SCIM filter subset IAM Identity Center understands: `<attribute> eq "<value>"` clauses joined
// by `and`. Anything else (other operators, `or`, `not`, grouping, unquoted values) is a 400.

export type FilterClause = { attribute: string; value: string };

const CLAUSE = /^([A-Za-z][\w.$-]*)\s+([A-Za-z]+)\s+(.+)$/;

export function parseFilter(text: string): FilterClause[] {
  const parts = splitOnAnd(text.trim());
  return parts.map((part) => {
    const m = CLAUSE.exec(part.trim());
    if (!m) throw invalid();
    const [, attribute, operator, rawValue] = m as unknown as [string, string, string, string];
    if (operator.toLowerCase() !== "eq") throw invalid(`Unsupported filter operator: ${operator}. Only eq is supported.`);
    const value = quoted(rawValue.trim());
    if (value === undefined) throw invalid();
    return { attribute: attribute.toLowerCase(), value };
  });
}

/** Splits on ` and ` outside quoted values; an `or`/`not`/parenthesis anywhere outside quotes is unsupported. */
function splitOnAnd(text: string): string[] {
  if (text === "") throw invalid();
  const parts: string[] = [];
  let current = "";
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === "\\" && inQuotes) {
      current += ch + (text[i + 1] ?? "");
      i++;
      continue;
    }
    if (ch === '"') inQuotes = !inQuotes;
    if (!inQuotes) {
      if (ch === "(" || ch === ")" || ch === "[" || ch === "]") throw invalid();
      const rest = text.slice(i);
      const keyword = /^\s+(and|or|not)\s+/i.exec(rest);
      if (keyword) {
        if ((keyword[1] as string).toLowerCase() !== "and") throw invalid(`Unsupported filter operator: ${keyword[1]}.`);
        parts.push(current);
        current = "";
        i += keyword[0].length - 1;
        continue;
      }
    }
    current += ch;
  }
  if (inQuotes) throw invalid();
  parts.push(current);
  return parts;
}

function quoted(raw: string): string | undefined {
  if (raw.length < 2 || !raw.startsWith('"') || !raw.endsWith('"')) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === "string" ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Checks the clause set against the attribute combinations an endpoint allows (order-free). */
export function requireCombination(clauses: FilterClause[], allowed: string[][]): Map<string, string> {
  const byAttribute = new Map<string, string>();
  for (const c of clauses) {
    if (byAttribute.has(c.attribute)) throw invalid();
    byAttribute.set(c.attribute, c.value);
  }
  const names = [...byAttribute.keys()].sort().join(",");
  const ok = allowed.some(
    (combo) =>
      [...combo]
        .map((a) => a.toLowerCase())
        .sort()
        .join(",") === names,
  );
  if (!ok) throw invalid(`Unsupported filter: ${[...byAttribute.keys()].join(" and ")}.`);
  return byAttribute;
}
