// One error vocabulary for the whole product. Only an AppError's message is ever shown to a person;
// anything else is logged and shown as an unexpected error.
export type AppErrorCode =
  | "NotConfigured"
  | "NotSignedIn"
  | "Forbidden"
  | "InvalidInput"
  | "NotFound"
  | "Conflict"
  | "PermissionMissing"
  | "Throttled"
  | "CloudRejected"
  | "Unavailable";

export const httpStatusFor: Record<AppErrorCode, number> = {
  NotConfigured: 503,
  NotSignedIn: 401,
  Forbidden: 403,
  InvalidInput: 400,
  NotFound: 404,
  Conflict: 409,
  PermissionMissing: 403,
  Throttled: 429,
  CloudRejected: 502,
  Unavailable: 503,
};

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly fieldErrors?: Record<string, string>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
