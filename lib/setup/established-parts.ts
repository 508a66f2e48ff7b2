import type { FederationPart, FederationParts, FederationPartValue } from "../federation/federation-config";
import type { StepData } from "./step-data";
import type { StepId } from "./step-definitions";

// Which part of the federation configuration each step establishes, from what the step produced.
// "assignments" establishes none: who is assigned is Entra's to say, read from it when needed.

type Establishes<S extends StepId> = { [P in FederationPart]: { part: P; from(data: StepData<S>): FederationParts[P] } }[FederationPart];

const ESTABLISHES: { [S in StepId]: Establishes<S> | null } = {
  "identity-center-instance": {
    part: "instance",
    from: (d) => ({ instanceArn: d.instanceArn, identityStoreId: d.identityStoreId, ownerAccountId: d.ownerAccountId, region: d.region, name: d.name }),
  },
  "aws-sp-metadata": { part: "awsServiceProvider", from: (d) => ({ entityId: d.entityId, acsUrl: d.acsUrl }) },
  "enterprise-app": {
    part: "enterpriseApp",
    from: (d) => ({ servicePrincipalId: d.servicePrincipalId, applicationObjectId: d.applicationObjectId, appId: d.appId, displayName: d.displayName }),
  },
  "saml-sso": { part: "signingCertificate", from: (d) => ({ thumbprint: d.certificate.thumbprint, notAfter: new Date(d.certificate.notAfter) }) },
  "federation-metadata": {
    part: "federationMetadata",
    from: (d) => ({
      xml: d.xml,
      entityId: d.entityId,
      ssoUrl: d.ssoUrl,
      certificate: { thumbprint: d.certificate.thumbprint, notAfter: new Date(d.certificate.notAfter) },
    }),
  },
  "identity-source": {
    part: "identitySource",
    from: (d) => ({ confirmedAt: new Date(d.confirmedAt), confirmedById: d.confirmedById, confirmedByLabel: d.confirmedByLabel }),
  },
  "scim-credentials": {
    part: "scim",
    from: (d) => ({ endpoint: d.endpoint, tokenFingerprint: d.tokenFingerprint, tokenExpiresAt: new Date(d.tokenExpiresAt) }),
  },
  "provisioning-job": { part: "provisioningJob", from: (d) => ({ jobId: d.jobId }) },
  assignments: null,
  "start-provisioning": { part: "provisioningStart", from: (d) => ({ startedAt: new Date(d.startedAt) }) },
};

/** The part a finished step establishes, from its result; null for a step that establishes none. */
export function establishedPart<S extends StepId>(id: S, data: StepData<S>): FederationPartValue | null {
  const e = ESTABLISHES[id];
  return e ? ({ part: e.part, value: e.from(data) } as FederationPartValue) : null;
}

/** The parts of these steps, to forget when they are sent back to run again. */
export function partsEstablishedBy(ids: StepId[]): FederationPart[] {
  return ids.flatMap((id) => ESTABLISHES[id]?.part ?? []);
}
