import type { IncomingHttpHeaders } from "node:http";

// The contract between the Graph server (routing, authentication, paging, errors, faults) and the
// modules that implement parts of Graph (directory objects, synchronization, provisioning logs).

/** The caller, from the verified client-credentials access token. */
export type GraphCaller = { appId: string; tenantId: string; roles: string[] };

export type GraphRequest = {
  method: string;
  /** path after /v1.0, without the query string, e.g. "/servicePrincipals/abc/synchronization/jobs" */
  path: string;
  /** values of the pattern's {placeholders} */
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  headers: IncomingHttpHeaders;
  caller: GraphCaller;
  /** absolute base for links in responses, e.g. https://localhost:4444/v1.0 */
  baseUrl: string;
};

export type GraphResponse = { status: number; body?: unknown; headers?: Record<string, string> };

export type GraphRoute = {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** e.g. "/servicePrincipals/{id}/synchronization/jobs/{jobId}/start" */
  pattern: string;
  /**
   * application permissions of which the caller needs at least one (the token's roles claim);
   * an empty list admits any valid Graph token, as Graph does for applicationTemplates
   */
  permissions: string[];
  handler: (req: GraphRequest) => Promise<GraphResponse> | GraphResponse;
};

/** Rendered by the server as Graph's error body: { error: { code, message, innerError } }. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
