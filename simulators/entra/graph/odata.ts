import { GraphError, type GraphRequest } from "./routes";

// The OData query options Microsoft Graph applies to directory collections, limited to the forms
// SSO Bridge uses: $select, $top/$skiptoken paging, $count, and $filter with eq / ne / in /
// startswith / contains joined by `and` and `or` (no parentheses around groups). Anything else is
// refused the way Graph refuses it.

export type Entity = Record<string, unknown>;
/** properties a collection allows in $filter, by name */
export type Filterable = Set<string>;

type Clause = (entity: Entity) => boolean;
type Literal = string | number | boolean | null;

export function unsupportedFilter(property: string, resource: string): GraphError {
  return new GraphError(
    400,
    "Request_UnsupportedQuery",
    `Unsupported or invalid query filter clause specified for property '${property}' of resource '${resource}'.`,
  );
}

function invalidFilter(expr: string): GraphError {
  return new GraphError(400, "BadRequest", `Invalid filter clause: ${expr}`);
}

/** Builds a predicate for `$filter`; strings compare case-insensitively, as Graph's directory does. */
export function parseFilter(expr: string, allowed: Filterable, resource: string): (entity: Entity) => boolean {
  // `and` binds tighter than `or`, as in OData.
  const alternatives = splitTopLevel(expr, "or").map((alt) => splitTopLevel(alt, "and").map((part) => parseClause(part.trim(), allowed, resource)));
  return (entity) => alternatives.some((clauses) => clauses.every((c) => c(entity)));
}

function splitTopLevel(expr: string, operator: "and" | "or"): string[] {
  const parts: string[] = [];
  const token = new RegExp(`^\\s${operator}\\s`, "i");
  const width = operator.length + 2;
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < expr.length; i++) {
    const ch = expr[i];
    if (ch === "'") quoted = !quoted;
    else if (!quoted && ch === "(") depth++;
    else if (!quoted && ch === ")") depth--;
    else if (!quoted && depth === 0 && token.test(expr.slice(i, i + width))) {
      parts.push(expr.slice(start, i));
      start = i + width;
      i += width - 1;
    }
  }
  parts.push(expr.slice(start));
  return parts;
}

function parseClause(clause: string, allowed: Filterable, resource: string): Clause {
  const func = /^(startswith|contains|endswith)\(\s*([A-Za-z/]+)\s*,\s*('(?:[^']|'')*')\s*\)$/i.exec(clause);
  if (func) {
    const [, name = "", property = "", raw = ""] = func;
    if (!allowed.has(property) || name.toLowerCase() === "endswith") throw unsupportedFilter(property, resource);
    const wanted = String(literal(raw, clause)).toLowerCase();
    const op = name.toLowerCase();
    return (e) => {
      const value = e[property];
      if (typeof value !== "string") return false;
      const v = value.toLowerCase();
      return op === "startswith" ? v.startsWith(wanted) : v.includes(wanted);
    };
  }
  const inForm = /^([A-Za-z/]+)\s+in\s+\((.*)\)$/i.exec(clause);
  if (inForm) {
    const [, property = "", list = ""] = inForm;
    if (!allowed.has(property)) throw unsupportedFilter(property, resource);
    const values = (list.match(/'(?:[^']|'')*'|[^,\s]+/g) ?? []).map((v) => normalize(literal(v, clause)));
    if (values.length === 0) throw invalidFilter(clause);
    return (e) => values.includes(normalize(e[property] as Literal));
  }
  const comparison = /^([A-Za-z/]+)\s+(eq|ne)\s+('(?:[^']|'')*'|true|false|null|-?\d+)$/i.exec(clause);
  if (comparison) {
    const [, property = "", op = "", raw = ""] = comparison;
    if (!allowed.has(property)) throw unsupportedFilter(property, resource);
    const wanted = normalize(literal(raw, clause));
    const negate = op.toLowerCase() === "ne";
    return (e) => (normalize(e[property] as Literal) === wanted) !== negate;
  }
  const property = /^([A-Za-z/]+)/.exec(clause)?.[1];
  if (property && !allowed.has(property)) throw unsupportedFilter(property, resource);
  throw invalidFilter(clause);
}

function literal(raw: string, clause: string): Literal {
  if (raw.startsWith("'")) {
    if (!raw.endsWith("'") || raw.length < 2) throw invalidFilter(clause);
    return raw.slice(1, -1).replace(/''/g, "'");
  }
  if (raw === "true") return true;
  if (raw === "false") return false;
  if (raw === "null") return null;
  if (/^-?\d+$/.test(raw)) return Number(raw);
  throw invalidFilter(clause);
}

function normalize(value: Literal | undefined): Literal {
  if (value === undefined) return null;
  return typeof value === "string" ? value.toLowerCase() : value;
}

/**
 * Picks `$select`ed properties; without $select, the type's default set. Unknown names are an
 * error in Graph, reported with the type name.
 */
export function select(entity: Entity, req: Pick<GraphRequest, "query">, defaults: readonly string[] | null, typeName: string, strict = true): Entity {
  const selected = selectedProperties(req);
  const names = selected ?? defaults;
  if (!names) return entity;
  const out: Entity = {};
  for (const key of Object.keys(entity)) if (key.startsWith("@odata.")) out[key] = entity[key];
  for (const name of names) {
    if (!(name in entity)) {
      if (selected && strict) throw new GraphError(400, "Request_BadRequest", `Could not find a property named '${name}' on type '${typeName}'.`);
      continue;
    }
    out[name] = entity[name];
  }
  out.id = entity.id;
  return out;
}

export function selectedProperties(req: Pick<GraphRequest, "query">): string[] | null {
  const raw = req.query.get("$select");
  if (!raw) return null;
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

export function contextUrl(req: GraphRequest, entitySet: string): string {
  const selected = selectedProperties(req);
  return `${req.baseUrl}/$metadata#${entitySet}${selected ? `(${selected.join(",")})` : ""}`;
}

type PageToken = { o: number };

export function encodeToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

export function decodeToken<T>(token: string, what = "skip token"): T {
  try {
    return JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as T;
  } catch {
    throw new GraphError(400, "Request_BadRequest", `The specified ${what} is invalid.`);
  }
}

export type PageLimits = { defaultTop: number; maxTop: number };

export function pageSize(req: GraphRequest, limits: PageLimits): number {
  const raw = req.query.get("$top");
  if (raw === null) return limits.defaultTop;
  const top = Number(raw);
  if (!Number.isInteger(top) || top < 1 || top > limits.maxTop) {
    throw new GraphError(400, "Request_BadRequest", `Invalid page size specified: '${raw}'. Must be between 1 and ${limits.maxTop} inclusive.`);
  }
  return top;
}

/**
 * One page of `items` as a Graph collection response. The next link repeats the request's own
 * query with a $skiptoken, as Graph's do, so it can be followed verbatim.
 */
export function collectionPage(req: GraphRequest, items: Entity[], limits: PageLimits, entitySet: string): Entity {
  const top = pageSize(req, limits);
  const skip = req.query.get("$skiptoken");
  const offset = skip ? decodeToken<PageToken>(skip).o : 0;
  if (!Number.isInteger(offset) || offset < 0) throw new GraphError(400, "Request_BadRequest", "The specified skip token is invalid.");
  const page = items.slice(offset, offset + top);
  const body: Entity = { "@odata.context": contextUrl(req, entitySet) };
  if (req.query.get("$count") === "true") body["@odata.count"] = countAllowed(req) ? items.length : undefined;
  if (offset + top < items.length) {
    const next = new URLSearchParams(req.query);
    next.set("$skiptoken", encodeToken({ o: offset + top } satisfies PageToken));
    body["@odata.nextLink"] = `${req.baseUrl}${req.path}?${queryString(next)}`;
  }
  body.value = page;
  return body;
}

/** $count on directory objects is an advanced query: Graph wants ConsistencyLevel: eventual. */
function countAllowed(req: GraphRequest): boolean {
  const level = req.headers.consistencylevel;
  if (String(level ?? "").toLowerCase() !== "eventual") {
    throw new GraphError(400, "Request_BadRequest", "$count is not currently supported.");
  }
  return true;
}

/** Like URLSearchParams#toString, but keeps OData's `$` literal in option names, as Graph's links do. */
export function queryString(params: URLSearchParams): string {
  return [...params].map(([k, v]) => `${encodeURIComponent(k).replace(/%24/g, "$")}=${encodeURIComponent(v)}`).join("&");
}
