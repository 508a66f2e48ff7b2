import { AuthError, ServerError } from "@azure/msal-node";
import { GraphClientError, GraphError } from "@microsoft/microsoft-graph-client";
import { AppError } from "@/lib/errors";
import { retryAfterMs } from "@/lib/http/retry-after";

// Entra and Graph failures, translated once into the product's error vocabulary. Graph's own
// messages are safe to show; token endpoint answers are summarised rather than quoted, because
// MSAL folds trace ids and request details into them. Nothing here ever sees a token or secret.

export type TokenContext = {
  authorityHost: string;
  tenantId: string;
  clientId: string;
  credentialKind: "secret" | "certificate";
  /** the certificate SSO Bridge signs its assertions with: public facts an operator can compare with the portal */
  certificate?: { thumbprint: string; expiresAt: Date };
};

/** Rejected client credentials, by AADSTS number: what to tell the operator. */
const CREDENTIAL_PROBLEMS: Record<string, string> = {
  "7000215":
    "Entra rejected the client secret of the SSO Bridge app registration (AADSTS7000215): the value is wrong, or it is the secret's id rather than its value. Create a new client secret and save its value in SSO Bridge.",
  "7000222": "The client secret of the SSO Bridge app registration has expired (AADSTS7000222). Create a new client secret and save its value in SSO Bridge.",
  "7000218": "No client secret or certificate was sent to Entra (AADSTS7000218). Save the app registration's credential in SSO Bridge.",
  "700024":
    "Entra rejected the certificate credential because the clock or its validity period is wrong (AADSTS700024). Check the server clock and the certificate dates.",
};

export function graphError(e: unknown, doing: string): AppError {
  if (e instanceof AppError) return e;
  // Errors raised below the Graph client (token, transport) pass through it in this wrapper.
  if (e instanceof GraphClientError && e.customError instanceof AppError) return e.customError;
  if (e instanceof AuthError) return tokenError(e);
  if (e instanceof GraphError) return fromGraphResponse(e, doing);
  // Anything else is not an answer from Entra or Graph but a fault in SSO Bridge: it must
  // surface as an unexpected error, not be dressed up as a cloud problem.
  throw e;
}

/** Why MSAL could not get an access token, in the operator's terms. */
export function tokenError(e: AuthError, context?: TokenContext): AppError {
  const host = context?.authorityHost ?? "the Entra login host";
  const status = e instanceof ServerError ? e.status : undefined;
  // MSAL types errorNo as a string but passes on the number from Entra's error_codes.
  const errorNo = e instanceof ServerError && e.errorNo !== undefined && e.errorNo !== null ? String(e.errorNo) : undefined;
  if (e.errorCode === "network_error")
    return new AppError("Unavailable", `Could not reach ${host} to sign SSO Bridge in to Entra. Check the network path (proxy, firewall, DNS) and try again.`);
  if (errorNo === "700027") return certificateRejected(context?.certificate);
  if (errorNo && CREDENTIAL_PROBLEMS[errorNo]) return new AppError("NotConfigured", CREDENTIAL_PROBLEMS[errorNo]);
  if (errorNo === "90002") {
    return new AppError(
      "NotConfigured",
      `Entra at ${host} does not know the tenant${context ? ` ${context.tenantId}` : ""} (AADSTS90002). Check the tenant id and that the national cloud setting matches where the tenant lives.`,
    );
  }
  if (errorNo === "700016") {
    return new AppError(
      "NotConfigured",
      `The tenant has no app registration with client id${context ? ` ${context.clientId}` : ""} (AADSTS700016). Check the client id and tenant id, and that the app registration was not deleted.`,
    );
  }
  if (errorNo === "500011" || e.errorCode === "invalid_resource") {
    return new AppError(
      "NotConfigured",
      "Entra does not offer Microsoft Graph to this tenant under the chosen national cloud (AADSTS500011). Check the national cloud setting.",
    );
  }
  if (e.errorCode === "invalid_client" || e.errorCode === "unauthorized_client") {
    const what = context?.credentialKind === "certificate" ? "certificate" : "client secret";
    return new AppError(
      "NotConfigured",
      `Entra rejected the ${what} of the SSO Bridge app registration${errorNo ? ` (AADSTS${errorNo})` : ""}. Create a new one and save it in SSO Bridge.`,
    );
  }
  if (status === 429) return new AppError("Throttled", "Entra is throttling sign-ins for SSO Bridge; try again in a minute.");
  if (status !== undefined && status >= 500)
    return new AppError("Unavailable", `Entra's login service at ${host} is unavailable (HTTP ${status}); try again shortly.`);
  return new AppError("CloudRejected", `Entra refused to issue SSO Bridge an access token${errorNo ? ` (AADSTS${errorNo})` : ` (${e.errorCode})`}.`);
}

/**
 * Entra gives one code for an unknown certificate, an expired one and a signature from another
 * key; the certificate's own dates tell expiry apart without reading Entra's message text.
 */
function certificateRejected(certificate: TokenContext["certificate"]): AppError {
  if (certificate && certificate.expiresAt.getTime() <= Date.now()) {
    return new AppError(
      "NotConfigured",
      `The certificate SSO Bridge signs in to Entra with (thumbprint ${certificate.thumbprint}) expired on ${certificate.expiresAt.toISOString().slice(0, 10)} (AADSTS700027). Create a new certificate, upload it under the app registration's Certificates & secrets, and save it with its private key in SSO Bridge.`,
    );
  }
  const which = certificate ? ` (thumbprint ${certificate.thumbprint})` : "";
  return new AppError(
    "NotConfigured",
    `Entra does not know the certificate SSO Bridge signs in with${which} (AADSTS700027): upload it under the app registration's Certificates & secrets, and check that the private key saved in SSO Bridge belongs to it.`,
  );
}

function fromGraphResponse(e: GraphError, doing: string): AppError {
  const message = e.message || e.code || `HTTP ${e.statusCode}`;
  switch (e.statusCode) {
    case 400:
      return new AppError("CloudRejected", `Microsoft Graph refused to ${doing}: ${message}`);
    case 401:
      return new AppError(
        "NotConfigured",
        `Microsoft Graph did not accept SSO Bridge's access token while trying to ${doing} (${e.code ?? "401"}). Check that the tenant and national cloud settings match the app registration.`,
      );
    case 403:
      return new AppError(
        "PermissionMissing",
        `SSO Bridge may not ${doing}: its app registration lacks the Microsoft Graph application permission for it${e.code ? ` (${e.code})` : ""}. Grant the permissions the Entra connection test lists as missing, give admin consent, then run Test Entra connection (Settings → Connections) so SSO Bridge picks up the new grant.`,
      );
    case 404:
      return new AppError("NotFound", `Entra could not find what was needed to ${doing}: ${message}`);
    case 409:
    case 412:
      return new AppError("Conflict", `Entra reported a conflict while trying to ${doing}: ${message}`);
    case 429:
      return new AppError("Throttled", `Microsoft Graph is throttling SSO Bridge; try again in ${retryAfterSeconds(e)} s.`);
    case -1:
      return new AppError("Unavailable", `Microsoft Graph did not answer while trying to ${doing}; try again shortly.`);
  }
  if (e.statusCode >= 500)
    return new AppError("Unavailable", `Microsoft Graph is unavailable (HTTP ${e.statusCode}) while trying to ${doing}; try again shortly.`);
  return new AppError("CloudRejected", `Microsoft Graph refused to ${doing} (HTTP ${e.statusCode}): ${message}`);
}

/** The wait Graph asked for in whole seconds, at least one; half a minute when it did not say. */
function retryAfterSeconds(e: GraphError): number {
  return Math.max(1, Math.ceil(retryAfterMs(e.headers, { fallbackMs: 30_000 }) / 1000));
}
