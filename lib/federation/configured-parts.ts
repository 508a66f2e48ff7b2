import { AppError } from "../errors";
import { readFederationConfig, type FederationPart, type FederationParts } from "./federation-config";

// The parts of the federation configuration other capabilities build on, each refused in the
// words of the setup step that establishes it while that step is not done.

const DAY_MS = 86_400_000;

export async function isConfigured(part: FederationPart): Promise<boolean> {
  return (await readFederationConfig())[part] !== null;
}

/** The IAM Identity Center instance setup chose; permission sets and assignments belong to it. */
export async function identityCenterInstance(): Promise<FederationParts["instance"]> {
  const { instance } = await readFederationConfig();
  if (!instance) {
    throw new AppError(
      "NotConfigured",
      "Choose the IAM Identity Center instance in setup first (“IAM Identity Center instance”); permission sets and assignments belong to it.",
    );
  }
  return instance;
}

/** The Entra provisioning job setup configured, with the enterprise application it belongs to. */
export async function provisioningJob(): Promise<{ servicePrincipalId: string; jobId: string }> {
  const { enterpriseApp, provisioningJob } = await readFederationConfig();
  if (!enterpriseApp) throw new AppError("Conflict", "Finish the step “Enterprise application” first.");
  if (!provisioningJob) throw new AppError("Conflict", "Finish the step “Entra provisioning job” first.");
  return { servicePrincipalId: enterpriseApp.servicePrincipalId, jobId: provisioningJob.jobId };
}

/** The federation metadata document that was checked, as the file to upload in the AWS console. */
export async function federationMetadataXml(): Promise<string> {
  const { federationMetadata } = await readFederationConfig();
  if (!federationMetadata) throw new AppError("Conflict", "Finish the step “Entra federation metadata” first.");
  return federationMetadata.xml;
}

export type CertificateCountdown = { thumbprint: string; notAfter: Date; daysLeft: number };

/** The certificate Entra signs with, as the federation metadata given to AWS names it; null until that metadata is. */
export async function federationCertificateCountdown(now: Date): Promise<CertificateCountdown | null> {
  const { federationMetadata } = await readFederationConfig();
  if (!federationMetadata) return null;
  const { thumbprint, notAfter } = federationMetadata.certificate;
  return { thumbprint, notAfter, daysLeft: Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS) };
}

/** When the saved SCIM token expires; null until the SCIM endpoint and token are saved. */
export async function scimTokenExpiry(): Promise<Date | null> {
  return (await readFederationConfig()).scim?.tokenExpiresAt ?? null;
}

/** The saved SCIM token as people see it: its fingerprint and expiry; null until the SCIM endpoint and token are saved. */
export async function scimTokenSummary(): Promise<{ tokenFingerprint: string; tokenExpiresAt: Date } | null> {
  const { scim } = await readFederationConfig();
  return scim ? { tokenFingerprint: scim.tokenFingerprint, tokenExpiresAt: scim.tokenExpiresAt } : null;
}
