import { AppError } from "@/lib/errors";
import { classifyNetworkFailure } from "@/lib/http/network-failure";

// AWS failures, translated once into the product's error vocabulary. AWS's own messages name the
// denied action and principal, which is what an operator needs; they never carry secrets, but
// anything shaped like an access key id is masked all the same. Errors that are neither an AWS
// answer nor a failure to reach AWS are faults in SSO Bridge and are rethrown, not disguised.

type SdkError = Error & { $metadata?: { httpStatusCode?: number }; $fault?: "client" | "server"; code?: string; Code?: string };

const PERMISSION = new Set(["AccessDenied", "AccessDeniedException", "UnauthorizedOperation"]);
const THROTTLING = new Set(["ThrottlingException", "TooManyRequestsException", "Throttling", "ThrottledException", "RequestLimitExceeded"]);
const REJECTED_CREDENTIALS = new Set([
  "InvalidClientTokenId",
  "SignatureDoesNotMatch",
  "ExpiredToken",
  "ExpiredTokenException",
  "UnrecognizedClientException",
  "InvalidSignatureException",
  "IncompleteSignature",
  "MissingAuthenticationToken",
  "MissingAuthenticationTokenException",
]);

export function awsError(e: unknown, doing: string): AppError {
  if (e instanceof AppError) return e;
  if (!(e instanceof Error)) throw e;
  const err = e as SdkError;
  const name = err.name === "Error" && err.Code ? err.Code : err.name;
  const message = safe(err.message);

  if (name === "CredentialsProviderError") {
    return new AppError(
      "NotConfigured",
      `SSO Bridge found no AWS credentials to ${doing}. Provide them the standard way: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile (AWS_PROFILE, including IAM Identity Center sign-in), or the role of the instance or container it runs on.`,
    );
  }
  if (REJECTED_CREDENTIALS.has(name)) {
    return new AppError(
      "NotConfigured",
      `AWS rejected the credentials SSO Bridge used to ${doing} (${name}): they are wrong, expired or for another partition. Renew them or check the configured profile.`,
    );
  }
  const network = classifyNetworkFailure(err);
  if (network) {
    const endpoint = network.address ?? process.env.AWS_ENDPOINT_URL ?? "its regional endpoint";
    return new AppError(
      "Unavailable",
      `Could not reach AWS at ${endpoint} to ${doing} (${network.label}). Check the network path (proxy, firewall, DNS) and any AWS_ENDPOINT_URL setting, then try again.`,
    );
  }

  if (err.$metadata === undefined && err.$fault === undefined) throw e;
  if (PERMISSION.has(name)) return new AppError("PermissionMissing", `AWS denied SSO Bridge permission to ${doing}: ${message}`);
  if (THROTTLING.has(name)) return new AppError("Throttled", `AWS is throttling SSO Bridge's requests to ${doing}, even after retries; try again in a minute.`);
  if (name === "ResourceNotFoundException") return new AppError("NotFound", `AWS could not find what was needed to ${doing}: ${message}`);
  if (name === "ValidationException") return new AppError("CloudRejected", `AWS refused to ${doing}: ${message}`);
  if (name === "ConflictException") return new AppError("Conflict", `AWS reported a conflict while trying to ${doing}: ${message}`);
  // A server-side fault that outlasted the retries is an outage, not a refusal.
  const status = err.$metadata?.httpStatusCode;
  if (err.$fault === "server" || (status !== undefined && status >= 500)) {
    return new AppError(
      "Unavailable",
      `AWS had an internal error while SSO Bridge tried to ${doing} (${name}${status ? `, HTTP ${status}` : ""}); try again shortly.`,
    );
  }
  return new AppError("CloudRejected", `AWS refused to ${doing} (${name}): ${message}`);
}

function safe(message: string): string {
  const masked = message.replace(/\b(AKIA|ASIA|AKID)[A-Z0-9]{8,}\b/g, "$1…");
  return masked.length > 400 ? `${masked.slice(0, 400)}…` : masked || "no details given";
}

/**
 * A write whose outcome is unknown: it may have reached AWS and been carried out, but its answer
 * never arrived (a server error, a timeout, a dropped connection). Whoever sent it looks at what
 * AWS now holds before saying what happened; it is never simply sent again.
 */
export class UncertainWrite extends AppError {
  constructor(
    message: string,
    /** what came back instead of the answer, e.g. "InternalFailure, HTTP 500" or "connection dropped" */
    readonly instead: string,
  ) {
    super("Unavailable", message);
    this.name = "UncertainWrite";
  }
}

/** awsError for a write: an answer that may have been lost comes back as an UncertainWrite. */
export function awsWriteError(e: unknown, doing: string): AppError {
  const error = awsError(e, doing);
  const instead = lostAnswer(e);
  return instead ? new UncertainWrite(error.message, instead) : error;
}

/** What came back instead of an answer AWS may have lost, or null when AWS answered or was never reached. */
function lostAnswer(e: unknown): string | null {
  if (!(e instanceof Error) || e instanceof AppError) return null;
  // A connection refused, a name DNS did not know or a failed TLS handshake never carried the request.
  const network = classifyNetworkFailure(e);
  if (network) return network.kind === "timeout" || network.kind === "dropped" || network.kind === "aborted" ? network.label : null;
  const err = e as SdkError;
  if (THROTTLING.has(err.name)) return null;
  const status = err.$metadata?.httpStatusCode;
  if (err.$fault !== "server" && (status === undefined || status < 500)) return null;
  return `${err.name}${status ? `, HTTP ${status}` : ""}`;
}
