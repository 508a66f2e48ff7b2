import { AwsJsonError } from "../json-protocol/protocol";

// sso-admin's error vocabulary (SWBExternalService). The API reference lists HTTP 400 for every
// client error and 500 for InternalServerException.

export const invalid = (message: string) => new AwsJsonError("ValidationException", message, 400);
export const notFound = (message: string) => new AwsJsonError("ResourceNotFoundException", message, 400);
export const conflict = (message: string) => new AwsJsonError("ConflictException", message, 400);
export const quotaExceeded = (message: string) => new AwsJsonError("ServiceQuotaExceededException", message, 400);
export const throttled = (message = "Rate exceeded") => new AwsJsonError("ThrottlingException", message, 400);
export const internalError = () => new AwsJsonError("InternalServerException", "An internal error occurred.", 500);
