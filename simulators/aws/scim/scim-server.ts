import { BodyTooLargeError, readBody } from "../../read-body";
import http from "node:http";
import https from "node:https";
import type { FaultInjector } from "../../faults";
import type { RequestCounter } from "../../request-counter";
import type { AwsWorld } from "../world";
import { errorBody, internal, invalid, newRequestId, ScimError, throttled, unauthorized } from "./errors";
import { resolveRoute } from "./routes";
import { findValidToken } from "./tokens";
import { isObject, type Json } from "./validate";

// The HTTP face of the IAM Identity Center SCIM endpoint:
// http(s)://localhost:<port>/<tenantId>/scim/v2/... with bearer-token authentication.

export type ScimServer = { baseUrl: string; close(): Promise<void> };

const PREFIX = /^\/([^/]+)\/scim\/v2(?:\/(.*))?$/;
const MAX_BODY = 1024 * 1024;

export async function startScimServer(opts: {
  world: AwsWorld;
  faults?: FaultInjector;
  requests?: RequestCounter;
  port?: number;
  tls?: { certPem: string; keyPem: string };
}): Promise<ScimServer> {
  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const requestId = newRequestId();
    handle(req, res, requestId, opts.world, opts.faults, opts.requests).catch((err: unknown) => {
      if (res.headersSent) return void res.destroy();
      send(res, requestId, err instanceof ScimError ? err : internal());
    });
  };
  const server = opts.tls ? https.createServer({ cert: opts.tls.certPem, key: opts.tls.keyPem }, listener) : http.createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as { port: number };
  return {
    baseUrl: `${opts.tls ? "https" : "http"}://localhost:${port}/${opts.world.scim.tenantId}/scim/v2`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Provisioning clients keep connections alive; close() would otherwise wait for them.
        server.closeAllConnections();
      }),
  };
}

async function handle(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  requestId: string,
  world: AwsWorld,
  faults?: FaultInjector,
  requests?: RequestCounter,
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://scim.invalid");
  const method = (req.method ?? "GET").toUpperCase();
  const match = PREFIX.exec(url.pathname);
  if (!match) {
    requests?.count("aws-scim", `scim:${method} (no route)`);
    return send(res, requestId, new ScimError("ResourceNotFoundException", "The requested endpoint does not exist."));
  }
  const segments = (match[2] ?? "")
    .split("/")
    .filter((s) => s !== "")
    .map(decodeSegment);
  const route = resolveRoute(method, segments);
  requests?.count("aws-scim", route.name);

  const decision = faults ? await faults.decide(route.name) : ({ kind: "none" } as const);
  if (decision.kind === "drop") return void req.socket.destroy();
  if (decision.kind === "throttle") return send(res, requestId, throttled(decision.retryAfterSeconds));
  if (decision.kind === "error") return send(res, requestId, internal());

  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "")?.[1];
  // AWS offers automatic provisioning only while an external identity provider is the identity
  // source: until the console change is made, no token opens the endpoint.
  const provisioningOn = world.identitySource.type === "external-idp";
  if (!provisioningOn || decodeSegment(match[1] as string) !== world.scim.tenantId || !bearer || !findValidToken(world, bearer, new Date())) {
    return send(res, requestId, unauthorized());
  }

  const raw = await readBody(req, MAX_BODY).then(
    (b) => b.toString("utf8"),
    (e: unknown) => {
      throw e instanceof BodyTooLargeError ? invalid("The request body is too large.") : e;
    },
  );
  const body = (): Json => parseJson(raw, req.headers["content-type"]);
  const result = route.run({ store: world.identityStore, query: url.searchParams, body });
  if (decision.kind !== "lost-answer") return send(res, requestId, result.status, result.body);
  // Carried out, but the answer does not arrive: the service fails after writing, or the load
  // balancer in front of it answers 503 with no body of its own.
  if (decision.as === "drop") return void req.socket.destroy();
  if (decision.as === "unavailable") return void res.writeHead(503, { "x-amzn-RequestId": requestId }).end();
  send(res, requestId, internal());
}

function send(res: http.ServerResponse, requestId: string, statusOrError: number | ScimError, body?: unknown): void {
  const headers: Record<string, string> = { "x-amzn-RequestId": requestId };
  let status: number;
  if (statusOrError instanceof ScimError) {
    status = statusOrError.status;
    Object.assign(headers, statusOrError.headers);
    body = errorBody(statusOrError, requestId);
  } else status = statusOrError;
  if (body === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  // AWS answers with application/json (its documented examples), not application/scim+json.
  res.writeHead(status, { ...headers, "Content-Type": "application/json" }).end(JSON.stringify(body));
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw invalid();
  }
}

function parseJson(raw: string, contentType: string | undefined): Json {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (type !== "" && type !== "application/json" && type !== "application/scim+json") throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalid();
  }
  if (!isObject(parsed)) throw invalid();
  return parsed;
}
