import { readBody } from "../../read-body";
import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:https";
import { debuglog } from "node:util";
import type { FaultInjector } from "../../faults";
import { graphRequestClass, type RequestCounter } from "../../request-counter";
import type { EntraDirectory } from "../directory";
import { closeAll, listenLoopback } from "../oidc-issuer";
import { applicationRoutes } from "./application-routes";
import { directoryRoutes } from "./directory-routes";
import { groupWriteRoutes } from "./group-write-routes";
import { Replication } from "./replication";
import { GraphError, type GraphCaller, type GraphRequest, type GraphRoute } from "./routes";

// Microsoft Graph v1.0 over HTTPS: routing with {placeholders}, bearer tokens, per-route
// application permissions, Graph's error body, fault injection per route, and JSON $batch.

export type GraphServerOptions = {
  directory: EntraDirectory;
  tls: { certPem: string; keyPem: string };
  /** the caller behind a bearer token, or null when the token is not acceptable */
  verifyToken: (jwt: string) => GraphCaller | null;
  faults?: FaultInjector;
  requests?: RequestCounter;
  /** 0 (the default) picks a free port; served on 127.0.0.1 and ::1 */
  port?: number;
  /** further routes, such as the synchronization API; matched alongside the built-in ones */
  extraRoutes?: GraphRoute[];
  /** how long objects created by instantiate answer 404 (default 2000 ms) */
  replicationDelayMs?: number;
  now?: () => number;
};

export type GraphServer = {
  /** `https://localhost:<port>/v1.0` */
  graphBaseUrl: string;
  close(): Promise<void>;
};

type Outcome = { kind: "response"; status: number; headers: Record<string, string>; body?: unknown } | { kind: "drop" };

const log = debuglog("entra-sim");
const VERSION_PREFIX = "/v1.0";
const MAX_BATCH = 20;
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const JSON_TYPE = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

export async function startGraphServer(opts: GraphServerOptions): Promise<GraphServer> {
  const replication = new Replication(opts.replicationDelayMs ?? 2000, opts.now);
  const routes = compile([
    ...directoryRoutes({ directory: opts.directory }),
    ...groupWriteRoutes({ directory: opts.directory, replication, now: opts.now }),
    ...applicationRoutes({ directory: opts.directory, replication, now: opts.now }),
    ...(opts.extraRoutes ?? []),
  ]);
  let origin = "";

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    serve(req, res).catch((err: unknown) => {
      log("graph request failed: %O", err);
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  };

  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    const requestId = randomUUID();
    const clientRequestId = headerValue(req.headers["client-request-id"]) ?? requestId;
    const ids = { requestId, clientRequestId };
    const url = new URL(req.url ?? "/", origin);
    const body = await readBody(req, MAX_BODY_BYTES);
    const raw = body.length > 0 ? body : undefined;
    let outcome: Outcome;
    if (req.method === "POST" && url.pathname === `${VERSION_PREFIX}/$batch`) {
      outcome = await batch(req.headers, raw, ids);
    } else {
      const caller = authenticate(req.headers);
      if (caller instanceof GraphError) countRequest(url.pathname, `graph:${req.method ?? "GET"} (unauthenticated)`);
      outcome = caller instanceof GraphError ? errorOutcome(caller, ids) : await execute(req.method ?? "GET", url, req.headers, raw, caller, ids);
    }
    if (outcome.kind === "drop") {
      res.destroy();
      return;
    }
    const headers: Record<string, string> = { "request-id": requestId, "client-request-id": clientRequestId, ...outcome.headers };
    if (outcome.body === undefined) {
      res.writeHead(outcome.status, headers).end();
      return;
    }
    res.writeHead(outcome.status, { "Content-Type": JSON_TYPE, ...headers }).end(JSON.stringify(outcome.body));
  };

  const countRequest = (pathname: string, route: string) => {
    opts.requests?.count(graphRequestClass(pathname.slice(VERSION_PREFIX.length)), route);
  };

  const authenticate = (headers: IncomingHttpHeaders): GraphCaller | GraphError => {
    const auth = headerValue(headers.authorization) ?? "";
    const token = /^Bearer\s+(.+)$/i.exec(auth)?.[1]?.trim();
    if (!token) return new GraphError(401, "InvalidAuthenticationToken", "Access token is empty.");
    const caller = opts.verifyToken(token);
    return caller ?? new GraphError(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.");
  };

  /** One Graph request after authentication; also the body of each $batch step. */
  const execute = async (method: string, url: URL, headers: IncomingHttpHeaders, raw: Buffer | undefined, caller: GraphCaller, ids: Ids): Promise<Outcome> => {
    if (!url.pathname.startsWith(`${VERSION_PREFIX}/`)) {
      countRequest(url.pathname, `graph:${method} (no route)`);
      return errorOutcome(new GraphError(400, "BadRequest", `Invalid version: ${url.pathname.split("/")[1] ?? ""}`), ids);
    }
    const path = url.pathname.slice(VERSION_PREFIX.length).replace(/\/+$/, "") || "/";
    const matched = match(routes, method, path);
    countRequest(url.pathname, matched && matched !== "method" ? `graph:${matched.route.method} ${matched.route.pattern}` : `graph:${method} (no route)`);
    if (!matched) {
      const segment = path.split("/").filter(Boolean).pop() ?? "";
      return errorOutcome(new GraphError(400, "BadRequest", `Resource not found for the segment '${segment}'.`), ids);
    }
    if (matched === "method") return errorOutcome(new GraphError(405, "Request_BadRequest", `The method '${method}' is not allowed on this resource.`), ids);
    const { route, params } = matched;

    const fault = opts.faults ? await opts.faults.decide(`graph:${route.method} ${route.pattern}`) : { kind: "none" as const };
    if (fault.kind === "drop") return { kind: "drop" };
    if (fault.kind === "throttle") {
      const throttled = new GraphError(429, "TooManyRequests", "Too many requests. Please retry after the time given in Retry-After.");
      return { kind: "response", status: 429, headers: { "Retry-After": String(fault.retryAfterSeconds) }, body: errorBody(throttled, ids) };
    }
    if (fault.kind === "error") return errorOutcome(new GraphError(503, "serviceNotAvailable", "The service is temporarily unavailable. Please retry."), ids);
    const outcome = await carryOut(method, url, path, route, params, headers, raw, caller, ids);
    if (fault.kind !== "lost-answer") return outcome;
    // Carried out, but the client hears a failure instead of the answer (or nothing at all).
    if (fault.as === "drop") return { kind: "drop" };
    if (fault.as === "unavailable")
      return errorOutcome(new GraphError(503, "serviceNotAvailable", "The service is temporarily unavailable. Please retry."), ids);
    return errorOutcome(new GraphError(500, "generalException", "An unexpected error occurred."), ids);
  };

  const carryOut = async (
    method: string,
    url: URL,
    path: string,
    route: GraphRoute,
    params: Record<string, string>,
    headers: IncomingHttpHeaders,
    raw: Buffer | undefined,
    caller: GraphCaller,
    ids: Ids,
  ): Promise<Outcome> => {
    // An empty permission list marks routes any valid Graph token may call (e.g. applicationTemplates).
    if (route.permissions.length > 0 && !route.permissions.some((p) => caller.roles.includes(p))) {
      return errorOutcome(new GraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation."), ids);
    }
    let body: unknown;
    try {
      body = raw && raw.length > 0 ? (JSON.parse(raw.toString("utf8")) as unknown) : undefined;
    } catch {
      return errorOutcome(
        new GraphError(400, "BadRequest", "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format."),
        ids,
      );
    }
    const request: GraphRequest = { method, path, params, query: url.searchParams, body, headers, caller, baseUrl: `${origin}${VERSION_PREFIX}` };
    try {
      const result = await route.handler(request);
      return { kind: "response", status: result.status, headers: result.headers ?? {}, body: result.body };
    } catch (err) {
      if (err instanceof GraphError) return errorOutcome(err, ids);
      log("handler for %s %s failed: %O", method, route.pattern, err);
      return errorOutcome(new GraphError(500, "generalException", "An unexpected error occurred."), ids);
    }
  };

  const batch = async (headers: IncomingHttpHeaders, raw: Buffer | undefined, ids: Ids): Promise<Outcome> => {
    const caller = authenticate(headers);
    if (caller instanceof GraphError) {
      countRequest(`${VERSION_PREFIX}/$batch`, "graph:POST /$batch (unauthenticated)");
      return errorOutcome(caller, ids);
    }
    let steps: BatchStep[];
    try {
      steps = parseBatch(raw);
    } catch (err) {
      countRequest(`${VERSION_PREFIX}/$batch`, "graph:POST /$batch (invalid)");
      return errorOutcome(err instanceof GraphError ? err : new GraphError(400, "BadRequest", "Invalid batch payload format."), ids);
    }
    const results = new Map<string, number>();
    const responses: unknown[] = [];
    // Steps run one at a time in order, which satisfies any dependsOn chain and keeps writes ordered.
    for (const step of steps) {
      const failedDependency = step.dependsOn.find((d) => (results.get(d) ?? 424) >= 400);
      if (failedDependency !== undefined) {
        results.set(step.id, 424);
        responses.push({
          id: step.id,
          status: 424,
          body: errorBody(new GraphError(424, "BadRequest", `Dependent request '${failedDependency}' failed.`), ids),
        });
        continue;
      }
      const url = new URL(`${VERSION_PREFIX}/${step.url.replace(/^\/+/, "")}`, origin);
      const stepHeaders: IncomingHttpHeaders = { ...lowerCase(step.headers), authorization: headers.authorization };
      const stepBody = step.body === undefined ? undefined : Buffer.from(JSON.stringify(step.body));
      const outcome = await execute(step.method, url, stepHeaders, stepBody, caller, ids);
      if (outcome.kind === "drop") return outcome;
      results.set(step.id, outcome.status);
      const entry: Record<string, unknown> = { id: step.id, status: outcome.status, headers: { "Content-Type": "application/json", ...outcome.headers } };
      if (outcome.body !== undefined) entry.body = outcome.body;
      responses.push(entry);
    }
    return { kind: "response", status: 200, headers: {}, body: { responses } };
  };

  const { port, servers } = await listenLoopback(() => createServer({ cert: opts.tls.certPem, key: opts.tls.keyPem }, handle), opts.port ?? 0);
  origin = `https://localhost:${port}`;
  return { graphBaseUrl: `${origin}${VERSION_PREFIX}`, close: () => closeAll(servers) };
}

type Ids = { requestId: string; clientRequestId: string };
type BatchStep = { id: string; method: string; url: string; headers: Record<string, string>; body: unknown; dependsOn: string[] };

function parseBatch(raw: Buffer | undefined): BatchStep[] {
  const parsed = JSON.parse(raw?.toString("utf8") ?? "") as { requests?: unknown };
  if (!Array.isArray(parsed.requests)) throw new GraphError(400, "BadRequest", "Invalid batch payload format.");
  if (parsed.requests.length > MAX_BATCH) throw new GraphError(400, "BadRequest", `The number of batch requests exceeds the limit of ${MAX_BATCH}.`);
  const seen = new Set<string>();
  return parsed.requests.map((r: unknown) => {
    const step = r as Partial<Record<string, unknown>>;
    const id = typeof step.id === "string" || typeof step.id === "number" ? String(step.id) : "";
    if (!id || seen.has(id)) throw new GraphError(400, "BadRequest", "Each batch request needs a unique id.");
    seen.add(id);
    if (typeof step.method !== "string" || typeof step.url !== "string")
      throw new GraphError(400, "BadRequest", `Batch request '${id}' needs a method and a url.`);
    if (/^https?:/i.test(step.url)) throw new GraphError(400, "BadRequest", "Batch request urls must be relative.");
    const dependsOn = Array.isArray(step.dependsOn) ? step.dependsOn.map(String) : [];
    for (const d of dependsOn)
      if (!seen.has(d) || d === id) throw new GraphError(400, "BadRequest", `Batch request '${id}' depends on '${d}', which does not come before it.`);
    const headers = (step.headers && typeof step.headers === "object" ? step.headers : {}) as Record<string, string>;
    return { id, method: step.method.toUpperCase(), url: step.url, headers, body: step.body, dependsOn };
  });
}

type CompiledRoute = { route: GraphRoute; regex: RegExp; names: string[]; literals: number };

function compile(routes: GraphRoute[]): CompiledRoute[] {
  return routes.map((route) => {
    const names: string[] = [];
    const source = route.pattern
      .split("/")
      .map((segment) => {
        const placeholder = /^\{(\w+)\}$/.exec(segment);
        if (!placeholder) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        names.push(placeholder[1] as string);
        return "([^/]+)";
      })
      .join("/");
    const literals = route.pattern.split("/").filter((s) => s && !s.includes("{")).length;
    return { route, regex: new RegExp(`^${source}$`), names, literals };
  });
}

/** The most literal matching route wins, so /users/delta beats /users/{id}. */
function match(routes: CompiledRoute[], method: string, path: string): { route: GraphRoute; params: Record<string, string> } | "method" | null {
  let best: { compiled: CompiledRoute; m: RegExpExecArray } | null = null;
  let pathMatched = false;
  for (const compiled of routes) {
    const m = compiled.regex.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (compiled.route.method !== method) continue;
    if (!best || compiled.literals > best.compiled.literals) best = { compiled, m };
  }
  if (!best) return pathMatched ? "method" : null;
  const { compiled, m } = best;
  const params = Object.fromEntries(compiled.names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? "")]));
  return { route: compiled.route, params };
}

function errorBody(err: GraphError, ids: Ids) {
  return {
    error: {
      code: err.code,
      message: err.message,
      innerError: { date: new Date().toISOString().replace(/\.\d+Z$/, ""), "request-id": ids.requestId, "client-request-id": ids.clientRequestId },
    },
  };
}

function errorOutcome(err: GraphError, ids: Ids): Outcome {
  const headers: Record<string, string> = {};
  if (err.status === 401) {
    headers["WWW-Authenticate"] =
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';
  }
  return { kind: "response", status: err.status, headers, body: errorBody(err, ids) };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function lowerCase(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
}
