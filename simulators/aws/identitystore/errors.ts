import { AwsJsonError } from "../json-protocol/protocol";
import { IdentityStoreError } from "../directory-store";

// The Identity Store API's error vocabulary. ThrottlingException and InternalServerException carry
// RetryAfterSeconds; the model binds it to the Retry-After header while the JSON protocol reads error
// members from the body, so both are sent.

export const invalid = (message: string) => new AwsJsonError("ValidationException", message, 400);

export const notFound = (resourceType: string, resourceId: string | undefined, message: string) =>
  new AwsJsonError("ResourceNotFoundException", message, 400, { ResourceType: resourceType, ...(resourceId ? { ResourceId: resourceId } : {}) });

export const conflict = (message: string) => new AwsJsonError("ConflictException", message, 400, { Reason: "UNIQUENESS_CONSTRAINT_VIOLATION" });

export const throttled = (retryAfterSeconds: number) =>
  new AwsJsonError("ThrottlingException", "Rate exceeded", 400, { RetryAfterSeconds: retryAfterSeconds }, { "retry-after": String(retryAfterSeconds) });

export const internalError = () =>
  new AwsJsonError("InternalServerException", "An internal error occurred. Please try again.", 500, { RetryAfterSeconds: 1 }, { "retry-after": "1" });

/** Renders the shared store's errors, which the SCIM front end renders its own way. */
export function fromStore(err: unknown): unknown {
  if (!(err instanceof IdentityStoreError)) return err;
  if (err.kind === "NotFound") return notFound(err.resource?.type ?? "USER", err.resource?.id, err.message);
  if (err.kind === "Conflict") return conflict(err.message);
  return invalid(err.message);
}

export function storeCall<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw fromStore(err);
  }
}
