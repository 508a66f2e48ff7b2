import { GraphError } from "@microsoft/microsoft-graph-client";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { graphError } from "./graph-errors";
import { odataString, parseGraph } from "./graph-read";
import type { GraphSession } from "./graph-session";

// Entra's sign-in logs for one application (GET /auditLogs/signIns), newest first. Reading them
// needs AuditLog.Read.All and a tenant with Microsoft Entra ID P1 or P2; a tenant without either
// is answered with 403, which is said here in those words so the operator knows what is missing.

export type SignInLogEntry = {
  id: string;
  at: Date;
  userPrincipalName: string;
  userDisplayName: string;
  /** 0 for a successful sign-in, otherwise the AADSTS number */
  errorCode: number;
  failureReason: string | null;
};

const entry = z.object({
  id: z.string(),
  createdDateTime: z.string(),
  userPrincipalName: z.string().nullish(),
  userDisplayName: z.string().nullish(),
  status: z.object({ errorCode: z.number(), failureReason: z.string().nullish() }),
});
const page = z.object({ value: z.array(z.unknown()) });
// Enough to find a test sign-in made in the last minutes; one page, one request.
const TOP = 50;

export async function recentSignIns(session: GraphSession, appId: string, since: Date): Promise<SignInLogEntry[]> {
  const filter = `appId eq ${odataString(appId)} and createdDateTime ge ${since.toISOString().replace(/\.\d{3}Z$/, "Z")}`;
  let body: z.output<typeof page>;
  try {
    body = parseGraph(page, await session.client.api(`/auditLogs/signIns?$filter=${encodeURIComponent(filter)}&$top=${TOP}`).get(), "the sign-in logs");
  } catch (e) {
    if (e instanceof GraphError && e.statusCode === 403) throw signInLogsRefused(e.code);
    throw graphError(e, "read Entra's sign-in logs");
  }
  return body.value.map((v) => {
    const s = parseGraph(entry, v, "a sign-in log entry");
    return {
      id: s.id,
      at: new Date(s.createdDateTime),
      userPrincipalName: s.userPrincipalName ?? "",
      userDisplayName: s.userDisplayName ?? s.userPrincipalName ?? "",
      errorCode: s.status.errorCode,
      failureReason: s.status.errorCode === 0 ? null : (s.status.failureReason ?? null),
    };
  });
}

function signInLogsRefused(code: string | null): AppError {
  if (code === "Authentication_RequestFromNonPremiumTenantOrB2CTenant") {
    return new AppError(
      "NotConfigured",
      "Entra's sign-in logs need Microsoft Entra ID P1 or P2, which this tenant does not have. Prove the sign-in with the SAML response inspector instead.",
    );
  }
  return new AppError(
    "NotConfigured",
    "Entra refused to show its sign-in logs: the SSO Bridge app registration needs the AuditLog.Read.All application permission (with admin consent). Until then, prove the sign-in with the SAML response inspector.",
  );
}
