// Why a cycle failed, in the words an administrator acts on, with where it is fixed. Entra reports a
// failed cycle with its own code and a message that quotes the request it made; the few causes that
// stop a whole cycle against AWS's SCIM endpoint are told apart here. Anything else keeps Entra's
// words, since they are then the best explanation there is.

export const ROTATE_TOKEN_HREF = "/provisioning#scim-token";
// Where the Provisioning page shows what each cycle did, and the job's controls: a fix that is on
// that page links to its part, so the card on the page itself never links to the page it is on.
export const PROVISIONING_LOG_HREF = "/provisioning#log";
export const JOB_CONTROLS_HREF = "/provisioning#job-controls";

export type CycleDiagnosis = { cause: "token-rejected" | "endpoint-unreachable" | "throttled" | "other"; message: string; href: string };

const TOKEN_REJECTED = /\b(HTTP )?40[13]\b|unauthori[sz]ed|forbidden|CredentialValidationFailure/i;
const UNREACHABLE = /no response|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|timed? ?out|could not (be )?reach|Failed to connect/i;
const THROTTLED = /\b429\b|throttl|TooManyRequests/i;

export function diagnoseCycleError(error: { code: string; message: string } | null): CycleDiagnosis {
  const text = error ? `${error.code} ${error.message}` : "";
  if (TOKEN_REJECTED.test(text)) {
    return {
      cause: "token-rejected",
      message:
        "AWS rejected the SCIM token: it was deleted or replaced in the IAM Identity Center console, or it expired. Generate a new token there and rotate it in.",
      href: ROTATE_TOKEN_HREF,
    };
  }
  if (THROTTLED.test(text)) {
    return {
      cause: "throttled",
      message: "AWS throttled Entra's requests to the SCIM endpoint; Entra tries again at its next cycle.",
      href: PROVISIONING_LOG_HREF,
    };
  }
  if (UNREACHABLE.test(text)) {
    return {
      cause: "endpoint-unreachable",
      message:
        "Entra could not reach the SCIM endpoint: check that automatic provisioning is still enabled in IAM Identity Center and that the endpoint saved in setup is the one it shows.",
      href: "/setup#scim-credentials",
    };
  }
  return { cause: "other", message: error ? error.message || error.code : "no reason given", href: PROVISIONING_LOG_HREF };
}
