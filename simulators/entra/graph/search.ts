import type { Entity } from "./odata";
import { GraphError, type GraphRequest } from "./routes";

// $search on users and groups, an advanced query as Graph's reference describes it: it needs the
// ConsistencyLevel: eventual header; clauses are "property:term" in double quotes joined by OR or
// AND; displayName and description are tokenized (split at spaces, symbols and changes of case,
// as "AWS Developers" gives "aws" and "developers") and a term matches the start of any token (a
// term of several words, each the start of consecutive tokens), while other properties (mail,
// userPrincipalName) match at the start of the whole value. Matching ignores case.

const TOKENIZED = new Set(["displayName", "description"]);

export function searchPredicate(req: GraphRequest, searchable: Set<string>): ((entity: Entity) => boolean) | null {
  const raw = req.query.get("$search");
  if (raw === null) return null;
  if (String(req.headers.consistencylevel ?? "").toLowerCase() !== "eventual") {
    throw new GraphError(
      400,
      "Request_BadRequest",
      "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
    );
  }
  const expression = raw.trim();
  const operator = /"\s+AND\s+"/.test(expression) ? "AND" : "OR";
  const clauses = expression.split(new RegExp(`(?<=")\\s+${operator}\\s+(?=")`)).map((clause) => {
    const m = /^"([A-Za-z]+):([^"]*)"$/.exec(clause.trim());
    if (!m)
      throw new GraphError(400, "Request_UnsupportedQuery", `Syntax error: character '${clause.trim()[0] ?? ""}' is not valid at position 0 in '${raw}'.`);
    const [, property = "", term = ""] = m;
    if (!searchable.has(property))
      throw new GraphError(400, "Request_UnsupportedQuery", `Unsupported or invalid query filter clause specified for property '${property}' of resource.`);
    const wanted = term.toLowerCase();
    return (entity: Entity) => {
      const value = entity[property];
      if (typeof value !== "string") return false;
      return TOKENIZED.has(property) ? phraseStarts(tokens(value), tokens(term)) : value.toLowerCase().startsWith(wanted);
    };
  });
  return operator === "AND" ? (e) => clauses.every((c) => c(e)) : (e) => clauses.some((c) => c(e));
}

/** Whether the term's words start consecutive tokens of the value ("aws adm" in "AWS Administrators"). */
function phraseStarts(valueTokens: string[], termTokens: string[]): boolean {
  if (termTokens.length === 0) return false;
  return valueTokens.some((_, i) => termTokens.every((t, k) => valueTokens[i + k]?.startsWith(t) ?? false));
}

function tokens(value: string): string[] {
  return value
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((t) => t.toLowerCase());
}
