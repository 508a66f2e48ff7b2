import crypto from "node:crypto";

// IAM Identity Center answers every SCIM failure with one body shape. Observed AWS bodies carry the
// error URN under both "schema" (a long-standing quirk) and "schemas", the status as a string, an
// exceptionRequestId and a timeStamp like "2022-03-22 01:39:54.152"; there is no scimType.

export const ERROR_URN = "urn:ietf:params:scim:api:messages:2.0:Error";

export type ScimErrorKind =
  | "ValidationException"
  | "UnauthorizedException"
  | "AccessDeniedException"
  | "ResourceNotFoundException"
  | "ConflictException"
  | "ThrottlingException"
  | "InternalServerException";

const STATUS: Record<ScimErrorKind, number> = {
  ValidationException: 400,
  UnauthorizedException: 401,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  ConflictException: 409,
  ThrottlingException: 429,
  InternalServerException: 500,
};

/** The generic wording AWS uses for 400s; clients match on the status, not the text. */
export const UNPARSABLE = "Request is unparsable, syntactically incorrect, or violates schema.";

export class ScimError extends Error {
  readonly status: number;
  constructor(
    readonly kind: ScimErrorKind,
    readonly detail: string,
    /** extra response headers, such as Retry-After on throttling */
    readonly headers: Record<string, string> = {},
  ) {
    super(`${kind}: ${detail}`);
    this.status = STATUS[kind];
  }
}

export const invalid = (detail: string = UNPARSABLE) => new ScimError("ValidationException", detail);
export const notFound = (detail: string) => new ScimError("ResourceNotFoundException", detail);
export const conflict = (detail = "Refused to create a new, duplicate resource.") => new ScimError("ConflictException", detail);
export const unauthorized = () => new ScimError("UnauthorizedException", "The Authorization header is invalid or missing, or the tenant ID is incorrect.");
export const throttled = (retryAfterSeconds: number) =>
  new ScimError("ThrottlingException", "Too many requests exceeded the limits.", { "Retry-After": String(retryAfterSeconds) });
export const internal = () => new ScimError("InternalServerException", "Service failed to process the request.");

export function errorBody(err: ScimError, requestId: string, now = new Date()): Record<string, unknown> {
  return {
    schema: [ERROR_URN],
    schemas: [ERROR_URN],
    detail: err.detail,
    status: String(err.status),
    exceptionRequestId: requestId,
    timeStamp: now.toISOString().replace("T", " ").replace("Z", ""),
  };
}

export function newRequestId(): string {
  return crypto.randomUUID();
}
