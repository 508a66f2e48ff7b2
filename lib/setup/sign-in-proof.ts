import { identityCenter } from "../access/configured-identity-center";
import { recordAuditEvent, type ChangedBy } from "../audit/record-audit-event";
import { findUserByUserName } from "../aws/identity-store-principals";
import { entraConnection } from "../connections/entra-connection";
import { db } from "../db";
import { serialiseAuditedChange } from "../db-dialect";
import { openGraph } from "../entra/graph-session";
import { recentSignIns, type SignInLogEntry } from "../entra/sign-in-logs";
import { AppError } from "../errors";
import { readFederationConfig } from "../federation/federation-config";
import { certificateInMetadata } from "../saml/entra-federation-metadata";
import { inspectSamlResponse, type SamlCheckId, type SamlExpectations } from "../saml/saml-response";
import { sharedRead } from "../shared-reads";
import { storedVocabulary } from "../stored-vocabulary";
import { stepHref } from "./step-definitions";

// Proof that people can sign in, beyond a person's word that the identity source changed: a
// sign-in to the enterprise application seen in Entra's sign-in logs, or a captured SAMLResponse
// that passes every check AWS makes, down to its NameID naming a user in the identity store. Proof
// is kept per signing certificate: once AWS is given another one, it must be proven again.

export const EVIDENCE_KINDS = ["entra-sign-in", "saml-response"] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
const storedKind = storedVocabulary("FederationEvidence.kind", EVIDENCE_KINDS);

/** Where each kind of proof comes from, as the console names it. */
export const EVIDENCE_SOURCES: Record<EvidenceKind, string> = {
  "entra-sign-in": "Entra's sign-in log",
  "saml-response": "a SAML response that passed every check AWS makes",
};

export type Evidence = { kind: EvidenceKind; observedAt: Date; subject: string; certificateThumbprint: string };

export type ProofCheckId = SamlCheckId | "user";
export type ProofCheck = { id: ProofCheckId; label: string; passed: boolean; detail: string };
export type Fix = { text: string; href: string | null };
export type InspectionReport = { checks: ProofCheck[]; firstFailure: (ProofCheck & { fix: Fix }) | null; proven: boolean };

const LABELS: Record<ProofCheckId, string> = {
  readable: "Readable SAML response",
  status: "Entra's status",
  signature: "Signature",
  issuer: "Issuer",
  audience: "Audience",
  recipient: "Recipient",
  time: "Time window",
  "name-id": "NameID",
  user: "User in AWS",
};

// How long a test sign-in may be ago for the sign-in logs to count it.
const LOG_WINDOW_MS = 60 * 60_000;

/** Inspects a pasted SAMLResponse as AWS would; when it passes every check, that proves the federation. */
export async function inspectCapturedResponse(pasted: string, by: ChangedBy, now = new Date()): Promise<InspectionReport> {
  const expect = await samlExpectations();
  const inspection = inspectSamlResponse(pasted, expect, now);
  const checks: ProofCheck[] = inspection.checks.map((c) => ({ ...c, label: LABELS[c.id] }));
  if (inspection.nameId !== null && checks.every((c) => c.passed)) {
    const user = await findUserByUserName(await identityCenter(), inspection.nameId);
    checks.push({
      id: "user",
      label: LABELS.user,
      passed: user !== null,
      detail: user
        ? `${user.name} (${inspection.nameId}) is in AWS's identity store.`
        : `Nobody with the user name ${inspection.nameId} is in AWS's identity store, so AWS cannot sign them in.`,
    });
  }
  const failed = checks.find((c) => !c.passed);
  const proven = !failed && checks.some((c) => c.id === "user");
  if (proven)
    await recordEvidence(
      {
        kind: "saml-response",
        observedAt: inspection.issuedAt ?? now,
        subject: inspection.nameId!,
        certificateThumbprint: expect.trustedCertificate.thumbprint,
      },
      by,
    );
  return { checks, firstFailure: failed ? { ...failed, fix: fixFor(failed, inspection.signedWith, expect) } : null, proven };
}

/** Entra's sign-ins to the application in the last hour since the identity source changed; a successful one proves the federation. */
export async function checkSignInLogs(by: ChangedBy, now = new Date()): Promise<{ entries: SignInLogEntry[]; proven: SignInLogEntry | null }> {
  const config = await readFederationConfig();
  const { enterpriseApp, identitySource, federationMetadata, signingCertificate } = config;
  if (!enterpriseApp || !identitySource || !federationMetadata) {
    throw new AppError("Conflict", "Finish the federation steps up to “Identity source change in AWS” first; until then nobody can sign in through Entra.");
  }
  const since = new Date(Math.max(identitySource.confirmedAt.getTime(), now.getTime() - LOG_WINDOW_MS));
  const entries = await recentSignIns(openGraph(await entraConnection()), enterpriseApp.appId, since);
  // Entra's log shows that Entra issued a response; it says nothing of AWS's side unless Entra signs
  // with the certificate AWS was given.
  const signsAsAwsExpects = signingCertificate?.thumbprint === federationMetadata.certificate.thumbprint;
  const proven = signsAsAwsExpects ? (entries.find((e) => e.errorCode === 0) ?? null) : null;
  if (proven) {
    await recordEvidence(
      { kind: "entra-sign-in", observedAt: proven.at, subject: proven.userPrincipalName, certificateThumbprint: federationMetadata.certificate.thumbprint },
      by,
    );
  }
  return { entries, proven };
}

/** The newest proof for the certificate AWS has now; null when nothing has proven it. */
export async function currentEvidence(): Promise<Evidence | null> {
  const { federationMetadata } = await readFederationConfig();
  if (!federationMetadata) return null;
  const thumbprint = federationMetadata.certificate.thumbprint;
  return sharedRead(`federation-evidence:${thumbprint}`, ["FederationEvidence"], async () => {
    const row = await db().federationEvidence.findFirst({ where: { certificateThumbprint: thumbprint }, orderBy: { observedAt: "desc" } });
    return row ? { kind: storedKind.read(row.kind), observedAt: row.observedAt, subject: row.subject, certificateThumbprint: row.certificateThumbprint } : null;
  });
}

async function recordEvidence(evidence: Evidence, by: ChangedBy): Promise<void> {
  await db().$transaction(async (tx) => {
    await serialiseAuditedChange(tx);
    await tx.federationEvidence.create({ data: { ...evidence, recordedById: by.actor.id } });
    await recordAuditEvent(tx, {
      actor: by.actor,
      action: "setup.sign-in.prove",
      target: { type: "federation", id: "federation", label: "Federation" },
      outcome: "success",
      details: {
        evidence: evidence.kind,
        subject: evidence.subject,
        observedAt: evidence.observedAt.toISOString(),
        certificateThumbprint: evidence.certificateThumbprint,
      },
      context: by.context,
    });
  });
}

async function samlExpectations(): Promise<SamlExpectations> {
  const { federationMetadata, awsServiceProvider } = await readFederationConfig();
  if (!federationMetadata || !awsServiceProvider) {
    throw new AppError("Conflict", "Finish the steps “AWS SAML metadata” and “Entra federation metadata” first: the inspector checks a response against them.");
  }
  const base64 = certificateInMetadata(federationMetadata.xml, federationMetadata.certificate.thumbprint);
  if (!base64) throw new Error("the stored federation metadata lacks the certificate it was accepted with");
  return {
    idpEntityId: federationMetadata.entityId,
    trustedCertificate: { base64, thumbprint: federationMetadata.certificate.thumbprint },
    spEntityId: awsServiceProvider.entityId,
    acsUrl: awsServiceProvider.acsUrl,
  };
}

function fixFor(check: ProofCheck, signedWith: string | null, expect: SamlExpectations): Fix {
  switch (check.id) {
    case "readable":
      return {
        text: "In the browser's developer tools (Network), open the POST to IAM Identity Center's assertion consumer service during a sign-in and copy the whole SAMLResponse form value.",
        href: null,
      };
    case "status":
      return { text: "The sign-in failed in Entra before AWS was involved: fix what Entra's error page or sign-in log says, then sign in again.", href: null };
    case "signature":
      return signedWith && signedWith !== expect.trustedCertificate.thumbprint
        ? {
            text: "Fetch Entra's federation metadata again (it names the new certificate) and upload it in the AWS console's identity source settings.",
            href: stepHref("federation-metadata"),
          }
        : {
            text: "Capture the response again without editing it; if this persists, check that AWS was given this application's metadata.",
            href: stepHref("federation-metadata"),
          };
    case "issuer":
      return {
        text: "AWS trusts another identity provider than this response's. Upload this application's federation metadata in the AWS console.",
        href: stepHref("federation-metadata"),
      };
    case "audience":
    case "recipient":
      return {
        text: "Run “SAML single sign-on” again: it sets the application's identifier and reply URL to the ones in AWS's metadata.",
        href: stepHref("saml-sso"),
      };
    case "time":
      return { text: "Sign in again and inspect the new response within a few minutes. If a fresh one fails too, correct this server's clock.", href: null };
    case "name-id":
      return {
        text: "In the Entra application's Attributes & Claims, set the Unique User Identifier (Name ID) to user.userprincipalname in the Email address format, the AWS template's default.",
        href: null,
      };
    case "user":
      return {
        text: "Entra has not provisioned this person to AWS. Assign them (or a group they are directly in) to the application, then provision them on demand.",
        href: "/provisioning",
      };
  }
}

export type { SignInLogEntry };
