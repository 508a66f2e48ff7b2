import http from "node:http";
import type { FaultInjector } from "../faults";
import { awsRequestClass, type RequestCounter } from "../request-counter";
import type { AwsWorld } from "./world";
import { AwsJsonError, checkSignature, commonServerErrors, readRequestText, sendError, sendJson, toWire, type JsonService } from "./json-protocol/protocol";
import { identityStoreService } from "./identitystore/service";
import { ssoAdminService, type SsoAdminOptions } from "./sso-admin/service";
import { organizationsService } from "./organizations/service";
import { handleStsRequest } from "./sts/sts-endpoint";
import { isQueryRequest } from "./sts/query-protocol";
import { CONSOLE_PREFIX, handleConsoleRequest } from "./console/console-routes";
import { handlePortalRequest, isPortalRequest } from "./portal/access-portal";
import { BrowserHosts } from "../browser-hosts";

// One plain-HTTP endpoint for the AWS JSON-protocol APIs SSO Bridge calls. The real services live
// on separate hosts, but they tell their requests apart by X-Amz-Target alone, so a single server
// can stand in for all of them when the SDK's endpoint (or AWS_ENDPOINT_URL) points here. STS,
// which speaks the Query protocol, is told apart by its form-encoded body, and the simulated
// console's pages by their /singlesignon/ path.

export type AwsApiServer = { endpoint: string; close(): Promise<void> };

export async function startAwsApiServer(opts: {
  world: AwsWorld;
  faults?: FaultInjector;
  requests?: RequestCounter;
  port?: number;
  ssoAdmin?: SsoAdminOptions;
  /** where a browser reaches the public hosts the access portal redirects to */
  browserHosts?: BrowserHosts;
}): Promise<AwsApiServer> {
  const hosts = opts.browserHosts ?? new BrowserHosts();
  const services: JsonService[] = [identityStoreService(opts.world), ssoAdminService(opts.world, opts.ssoAdmin), organizationsService(opts.world)];
  const server = http.createServer((req, res) => {
    route(req, res, services, opts.world, hosts, opts.faults, opts.requests).catch((err: unknown) => {
      if (!res.headersSent) sendError(res, new AwsJsonError("InternalFailure", err instanceof Error ? err.message : String(err), 500));
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // SDK clients keep connections alive; without this close() would wait for them to idle out.
        server.closeAllConnections();
      }),
  };
}

async function route(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  services: JsonService[],
  world: AwsWorld,
  hosts: BrowserHosts,
  faults?: FaultInjector,
  requests?: RequestCounter,
): Promise<void> {
  const count = (name: string) => requests?.count(awsRequestClass(name), name);
  const pathname = new URL(req.url ?? "/", "http://aws").pathname;
  if (pathname.startsWith(CONSOLE_PREFIX)) {
    count(`console:${req.method ?? "GET"}`);
    return handleConsoleRequest(req, res, world);
  }
  if (isPortalRequest(pathname)) {
    count(`portal:${req.method ?? "GET"}`);
    return handlePortalRequest(req, res, world, hosts);
  }
  const raw = await readRequestText(req);
  if (isQueryRequest(req)) {
    count(`sts:${new URLSearchParams(raw).get("Action") ?? "(no action)"}`);
    return handleStsRequest(req, res, raw, world, faults);
  }
  const target = String(req.headers["x-amz-target"] ?? "");
  const service = services.find((s) => target.startsWith(`${s.targetPrefix}.`));
  count(service ? `${service.routePrefix}:${target.slice(service.targetPrefix.length + 1)}` : `unknown:${target || "(no target)"}`);
  return handleJson(req, res, raw, services, faults);
}

async function handleJson(req: http.IncomingMessage, res: http.ServerResponse, raw: string, services: JsonService[], faults?: FaultInjector): Promise<void> {
  const target = String(req.headers["x-amz-target"] ?? "");
  const service = services.find((s) => target.startsWith(`${s.targetPrefix}.`));
  if (req.method !== "POST" || !service) {
    return sendError(res, new AwsJsonError("com.amazon.coral.service#UnknownOperationException", "", 400));
  }
  const unsigned = checkSignature(req);
  if (unsigned) return sendError(res, unsigned);
  const operation = target.slice(service.targetPrefix.length + 1);
  const handler = Object.hasOwn(service.operations, operation) ? service.operations[operation] : undefined;
  if (!handler) return sendError(res, new AwsJsonError("com.amazon.coral.service#UnknownOperationException", "", 400));

  const decision = faults ? await faults.decide(`${service.routePrefix}:${operation}`) : ({ kind: "none" } as const);
  if (decision.kind === "drop") return void req.socket.destroy();
  if (decision.kind === "throttle") return sendError(res, service.throttled(decision.retryAfterSeconds));
  if (decision.kind === "error") return sendError(res, service.internalError());

  let input: Record<string, unknown>;
  try {
    const parsed: unknown = raw.trim() === "" ? {} : JSON.parse(raw);
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
    input = parsed as Record<string, unknown>;
  } catch {
    return sendError(res, new AwsJsonError("com.amazon.coral.service#SerializationException", "Start of structure or map found where not expected.", 400));
  }
  let answer: () => void;
  try {
    const output = await handler(input);
    answer = () => sendJson(res, 200, toWire(output ?? {}));
  } catch (err) {
    if (!(err instanceof AwsJsonError)) throw err;
    answer = () => sendError(res, err);
  }
  // The request has been carried out; what the client hears of it is another matter.
  if (decision.kind !== "lost-answer") return answer();
  if (decision.as === "drop") return void req.socket.destroy();
  sendError(res, decision.as === "unavailable" ? commonServerErrors.serviceUnavailable() : commonServerErrors.internalFailure());
}
