// Why a cycle failed, in the words an administrator acts on, with where it is fixed. Entra reports a
// failed cycle with its own code and a message that quotes the request it made; the few causes that
// stop a whole cycle against AWS's SCIM endpoint are told apart here. Anything else keeps Entra's
// words, since they are then the best explanation there is.

export const ROTATE_TOKEN_HREF = "/provisioning#scim-token";
// Where the Provisioning page shows what each cycle did, and the job's controls: a fix that is on
// that page links to its part, so the card on the page itself never links to the page it is on.
export const PROVISIONING_LOG_HREF = "/provisioning#log";
export const JOB_CONTROLS_HREF = "/provisioning#job-controls";

export type CycleDiagnosis = {
  cause: "token-rejected" | "endpoint-unreachable" | "throttled" | "other";
  /** the cause in a few words, for a line that names it next to the cycle; null when only Entra's words say it */
  reason: string | null;
  message: string;
  href: string;
};

const TOKEN_REJECTED = /\b(HTTP )?40[13]\b|unauthori[sz]ed|forbidden|CredentialValidationFailure/i;
const UNREACHABLE = /no response|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|timed? ?out|could not (be )?reach|Failed to connect/i;
const THROTTLED = /\b429\b|throttl|TooManyRequests/i;

export function diagnoseCycleError(error: { code: string; message: string } | null): CycleDiagnosis {
  const text = error ? `${error.code} ${error.message}` : "";
  if (TOKEN_REJECTED.test(text)) {
    return {
      cause: "token-rejected",
      reason: "AWS rejected the SCIM token",
      message:
        "AWS rejected the SCIM token: it was deleted or replaced in the IAM Identity Center console, or it expired. Generate a new token there and rotate it in.",
      href: ROTATE_TOKEN_HREF,
    };
  }
  if (THROTTLED.test(text)) {
    return {
      cause: "throttled",
      reason: "AWS throttled Entra's requests",
      message: "AWS throttled Entra's requests to the SCIM endpoint; Entra tries again at its next cycle.",
      href: PROVISIONING_LOG_HREF,
    };
  }
  if (UNREACHABLE.test(text)) {
    return {
      cause: "endpoint-unreachable",
      reason: "the SCIM endpoint could not be reached",
      message:
        "Entra could not reach the SCIM endpoint: check that automatic provisioning is still enabled in IAM Identity Center and that the endpoint saved in setup is the one it shows.",
      href: "/setup#scim-credentials",
    };
  }
  return { cause: "other", reason: null, message: error ? readableEntraError(error) : "no reason given", href: PROVISIONING_LOG_HREF };
}

/**
 * Entra's message as a person can read it: the requests it quotes have their URL-encoding undone
 * (a filter reads userName eq "ada", not userName%20eq%20%22ada%22), and the whole ends in one full stop.
 */
export function readableEntraError(error: { code: string; message: string }): string {
  const text = (error.message || error.code).replace(/https?:\/\/[^\s"'<>]+/g, (url) => {
    try {
      return decodeURIComponent(url.replace(/\+/g, " "));
    } catch {
      return url;
    }
  });
  return text.trim().replace(/\.*$/, "");
}
