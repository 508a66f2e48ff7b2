import { readBody } from "../../read-body";
import type http from "node:http";
import crypto from "node:crypto";

// The AWS JSON 1.1 wire protocol as the SDK speaks it: POST / with X-Amz-Target
// "<ServicePrefix>.<Operation>", a JSON body, and answers that carry either the output shape or an
// error as {"__type", "message"} plus the x-amzn-ErrorType header. Timestamps travel as epoch
// seconds (numbers), which is why outputs pass through toWire before they are sent.

/** An error in the service's own words; handlers throw it and the server renders it. */
export class AwsJsonError extends Error {
  constructor(
    readonly type: string,
    message: string,
    /** The API references document 400 for every client error of these services and 500 for server faults. */
    readonly status: number = 400,
    /** extra members of the error shape (Reason, ResourceType, RetryAfterSeconds, …) */
    readonly fields: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * The errors common to every AWS JSON service for a failure on AWS's side, as the API references
 * list them ("Common Errors"): what a front end answers when the request failed after it reached
 * the service, whatever the service did with it.
 */
export const commonServerErrors = {
  internalFailure: () => new AwsJsonError("InternalFailure", "The request processing has failed because of an unknown error, exception or failure.", 500),
  serviceUnavailable: () => new AwsJsonError("ServiceUnavailable", "The request has failed due to a temporary failure of the server.", 503),
};

export type OperationHandler = (input: Record<string, unknown>) => unknown;

/** One service behind the shared server: its X-Amz-Target prefix, fault route prefix and error vocabulary. */
export type JsonService = {
  targetPrefix: string;
  routePrefix: string;
  operations: Record<string, OperationHandler>;
  throttled(retryAfterSeconds: number): AwsJsonError;
  internalError(): AwsJsonError;
};

export function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toWire(v);
    return out;
  }
  return value;
}

export async function readRequestText(req: http.IncomingMessage): Promise<string> {
  return (await readBody(req, MAX_REQUEST_BYTES)).toString("utf8");
}

// AWS JSON requests of these APIs are small; a policy document is at most a few KB.
const MAX_REQUEST_BYTES = 1024 * 1024;

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/x-amz-json-1.1",
    "content-length": Buffer.byteLength(text),
    "x-amzn-requestid": crypto.randomUUID(),
    ...headers,
  });
  res.end(text);
}

export function sendError(res: http.ServerResponse, err: AwsJsonError): void {
  // Some front ends answer with the coral-qualified name ("com.amazon.coral.service#…"); the header
  // carries only the short name, which is what SDKs key on.
  const short = err.type.slice(err.type.indexOf("#") + 1);
  sendJson(res, err.status, { __type: err.type, message: err.message, ...err.fields }, { "x-amzn-errortype": short, ...err.headers });
}

/**
 * Any credentials are accepted, but the request must be SigV4-signed: AWS answers an unsigned call
 * with MissingAuthenticationToken (403) and a malformed Authorization header with IncompleteSignature.
 */
export function checkSignature(req: http.IncomingMessage): AwsJsonError | undefined {
  const auth = req.headers.authorization;
  if (!auth) return new AwsJsonError("MissingAuthenticationTokenException", "Missing Authentication Token", 403);
  const ok = /^AWS4-HMAC-SHA256 Credential=[^/\s]+\/\d{8}\/[^/]+\/[^/]+\/aws4_request, ?SignedHeaders=[^,]+, ?Signature=[0-9a-f]{64}$/.test(auth);
  if (!ok)
    return new AwsJsonError(
      "IncompleteSignatureException",
      `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters. Authorization=${auth.split(" ")[0]}`,
      400,
    );
  return undefined;
}
