import { z } from "zod";
import { recordAuditEvent, SYSTEM_ACTOR, type ChangedBy } from "../audit/record-audit-event";
import { listIdentityCenterInstances } from "../aws/identity-center-instances";
import { awsConnection } from "../connections/aws-connection";
import { entraConnection } from "../connections/entra-connection";
import { db } from "../db";
import { sharedRead } from "../shared-reads";
import { serialiseAuditedChange } from "../db-dialect";
import { getEnterpriseApp, type EnterpriseAppDetails } from "../entra/aws-gallery-app";
import { openGraph } from "../entra/graph-session";
import { isAppError } from "../errors";
import { readFederationConfig, type FederationConfig } from "../federation/federation-config";
import { jsonColumn } from "../json-column";
import { CERTIFICATE_WARNING_DAYS } from "./certificate-policy";
import { STEP_IDS, type StepId } from "./step-definitions";
import { fetchVerifiedFederationMetadata } from "./steps/federation-metadata";

// Compares what Entra and AWS say about the federation, live, with what the wizard configured, and
// lists every mismatch in plain words with the step that fixes it. Runnable at any time.

export const findingsSchema = z.array(z.object({ severity: z.enum(["error", "warning"]), message: z.string(), step: z.enum(STEP_IDS) }));
export type Finding = z.infer<typeof findingsSchema>[number];
export type FederationCheckResult = { checkedAt: Date; findings: Finding[] };

const storedFindings = jsonColumn("FederationCheck.findings", findingsSchema);

const DAY_MS = 86_400_000;

export async function checkFederation(now = new Date()): Promise<Finding[]> {
  const configured = await readFederationConfig();
  const findings: Finding[] = [];
  const unverified = (step: StepId, what: string, e: unknown) => {
    if (!isAppError(e)) throw e;
    findings.push({ severity: "warning", step, message: `Could not check ${what}: ${e.message}` });
  };

  const { instance } = configured;
  if (instance) {
    try {
      const instances = await listIdentityCenterInstances(await awsConnection());
      if (!instances.some((i) => i.instanceArn === instance.instanceArn)) {
        findings.push({
          severity: "error",
          step: "identity-center-instance",
          message: `AWS no longer lists the IAM Identity Center instance ${instance.instanceArn}.`,
        });
      }
    } catch (e) {
      unverified("identity-center-instance", "the IAM Identity Center instance in AWS", e);
    }
  }

  const app = configured.enterpriseApp;
  if (!app) return findings;
  let details: EnterpriseAppDetails | null;
  try {
    details = await getEnterpriseApp(openGraph(await entraConnection()), app.servicePrincipalId);
  } catch (e) {
    unverified("enterprise-app", "the enterprise application in Entra", e);
    return findings;
  }
  if (!details) {
    findings.push({
      severity: "error",
      step: "enterprise-app",
      message: `The enterprise application “${app.displayName}” no longer exists in Entra: nobody can sign in to AWS through it.`,
    });
    return findings;
  }
  findings.push(...compareSamlSettings(details, configured, now));

  const federation = configured.federationMetadata;
  if (federation) {
    try {
      const fresh = await fetchVerifiedFederationMetadata(app);
      if (fresh.metadata.ssoUrl !== federation.ssoUrl || fresh.metadata.entityId !== federation.entityId) {
        findings.push({
          severity: "error",
          step: "federation-metadata",
          message: `Entra's federation metadata now names ${fresh.metadata.entityId} at ${fresh.metadata.ssoUrl}, not what AWS was given (${federation.entityId} at ${federation.ssoUrl}).`,
        });
      }
    } catch (e) {
      if (isAppError(e) && e.code === "CloudRejected") findings.push({ severity: "error", step: "federation-metadata", message: e.message });
      else unverified("federation-metadata", "Entra's federation metadata", e);
    }
  }
  return findings;
}

function compareSamlSettings(details: EnterpriseAppDetails, configured: FederationConfig, now: Date): Finding[] {
  const findings: Finding[] = [];
  const metadata = configured.awsServiceProvider;
  if (!configured.signingCertificate || !metadata) return findings;
  const name = `“${details.displayName}”`;
  if (details.preferredSingleSignOnMode !== "saml") {
    findings.push({
      severity: "error",
      step: "saml-sso",
      message: `${name} is not in SAML single sign-on mode (it is ${details.preferredSingleSignOnMode ?? "not set"}).`,
    });
  }
  if (!details.identifierUris.includes(metadata.entityId)) {
    findings.push({
      severity: "error",
      step: "saml-sso",
      message: `${name}'s identifier (entity id) is ${list(details.identifierUris)}, but AWS's metadata says ${metadata.entityId}.`,
    });
  }
  if (!details.redirectUris.includes(metadata.acsUrl)) {
    findings.push({
      severity: "error",
      step: "saml-sso",
      message: `${name}'s reply URL is ${list(details.redirectUris)}, but AWS's metadata says ${metadata.acsUrl}.`,
    });
  }
  const active = details.signingCertificates.find((c) => c.active);
  if (!active) {
    findings.push({ severity: "error", step: "saml-sso", message: `${name} has no active SAML signing certificate.` });
    return findings;
  }
  const given = configured.federationMetadata?.certificate.thumbprint;
  if (given && given !== active.thumbprint) {
    findings.push({
      severity: "error",
      step: "federation-metadata",
      message: `Entra signs with certificate ${active.thumbprint}, but AWS was given ${given}: fetch the federation metadata again and upload it in the AWS console.`,
    });
  }
  const daysLeft = Math.floor((active.endDateTime.getTime() - now.getTime()) / DAY_MS);
  if (daysLeft < 0)
    findings.push({ severity: "error", step: "saml-sso", message: `The signing certificate ${active.thumbprint} expired on ${day(active.endDateTime)}.` });
  else if (daysLeft <= CERTIFICATE_WARNING_DAYS) {
    findings.push({
      severity: "warning",
      step: "saml-sso",
      message: `The signing certificate expires in ${daysLeft} days (${day(active.endDateTime)}): renew it and give AWS the new metadata before then.`,
    });
  }
  return findings;
}

const list = (values: string[]) => (values.length ? values.join(", ") : "empty");
const day = (d: Date) => d.toISOString().slice(0, 10);

/** Runs the check and keeps its result for the Federation card; `by` is null when SSO Bridge runs it itself. */
export async function runFederationCheck(by: ChangedBy | null): Promise<FederationCheckResult> {
  const checkedAt = new Date();
  const findings = await checkFederation(checkedAt);
  await db().$transaction(async (tx) => {
    await serialiseAuditedChange(tx);
    await tx.federationCheck.create({ data: { checkedAt, findings: storedFindings.encode(findings), checkedById: by?.actor.id ?? null } });
    await recordAuditEvent(tx, {
      actor: by?.actor ?? SYSTEM_ACTOR,
      action: "setup.federation.check",
      target: { type: "federation", id: "federation", label: "Federation" },
      outcome: "success",
      details: { errors: findings.filter((f) => f.severity === "error").length, warnings: findings.filter((f) => f.severity === "warning").length, findings },
      context: by?.context,
    });
  });
  return { checkedAt, findings };
}

/** The newest check's result, for the setup page and the Federation card; null before the first check. */
export function latestFederationCheck(): Promise<FederationCheckResult | null> {
  return sharedRead("federation-check", ["FederationCheck"], async () => {
    const latest = await db().federationCheck.findFirst({ orderBy: { checkedAt: "desc" } });
    return latest ? { checkedAt: latest.checkedAt, findings: storedFindings.decode(latest.findings, latest.id) } : null;
  });
}
