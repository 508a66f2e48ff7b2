import { readSharedOutsideTransaction, type Prisma, type Tx } from "../db";

// The federation as the setup wizard configured it: one FederationConfig row, in parts. A part is
// there while the wizard step that establishes it is done, and only then: the wizard writes and
// clears parts in the transactions that finish and reset its steps. Everything else reads them here.

export type FederationParts = {
  instance: { instanceArn: string; identityStoreId: string; ownerAccountId: string; region: string; name: string | null };
  /** IAM Identity Center as a SAML service provider, from the metadata AWS gave */
  awsServiceProvider: { entityId: string; acsUrl: string };
  enterpriseApp: { servicePrincipalId: string; applicationObjectId: string; appId: string; displayName: string };
  /** the enterprise application's active SAML signing certificate */
  signingCertificate: { thumbprint: string; notAfter: Date };
  /** Entra's federation metadata as AWS is given it, with the certificate it names */
  federationMetadata: { xml: string; entityId: string; ssoUrl: string; certificate: { thumbprint: string; notAfter: Date } };
  identitySource: { confirmedAt: Date; confirmedById: string; confirmedByLabel: string };
  /** AWS's SCIM endpoint; the token itself is a Secret */
  scim: { endpoint: string; tokenFingerprint: string; tokenExpiresAt: Date };
  provisioningJob: { jobId: string };
  provisioningStart: { startedAt: Date };
};
export type FederationPart = keyof FederationParts;
export type FederationPartValue = { [P in FederationPart]: { part: P; value: FederationParts[P] } }[FederationPart];
export type FederationConfig = { [P in FederationPart]: FederationParts[P] | null };

type Row = Prisma.FederationConfigGetPayload<object>;
type Columns = Omit<Prisma.FederationConfigUncheckedUpdateInput, "id">;

// How each part maps to its columns: `write(null)` empties them; `read` finds the part only when
// every fact it needs is there.
type Codec<P extends FederationPart> = { write(value: FederationParts[P] | null): Columns; read(row: Row): FederationParts[P] | null };

const CODECS: { [P in FederationPart]: Codec<P> } = {
  instance: {
    write: (v) => ({
      instanceArn: v?.instanceArn ?? null,
      identityStoreId: v?.identityStoreId ?? null,
      instanceOwnerAccountId: v?.ownerAccountId ?? null,
      instanceRegion: v?.region ?? null,
      instanceName: v?.name ?? null,
    }),
    read: ({ instanceArn, identityStoreId, instanceOwnerAccountId: ownerAccountId, instanceRegion: region, instanceName: name }) =>
      instanceArn !== null && identityStoreId !== null && ownerAccountId !== null && region !== null
        ? { instanceArn, identityStoreId, ownerAccountId, region, name }
        : null,
  },
  awsServiceProvider: {
    write: (v) => ({ awsEntityId: v?.entityId ?? null, awsAcsUrl: v?.acsUrl ?? null }),
    read: ({ awsEntityId: entityId, awsAcsUrl: acsUrl }) => (entityId !== null && acsUrl !== null ? { entityId, acsUrl } : null),
  },
  enterpriseApp: {
    write: (v) => ({
      appServicePrincipalId: v?.servicePrincipalId ?? null,
      appObjectId: v?.applicationObjectId ?? null,
      appId: v?.appId ?? null,
      appDisplayName: v?.displayName ?? null,
    }),
    read: ({ appServicePrincipalId: servicePrincipalId, appObjectId: applicationObjectId, appId, appDisplayName: displayName }) =>
      servicePrincipalId !== null && applicationObjectId !== null && appId !== null && displayName !== null
        ? { servicePrincipalId, applicationObjectId, appId, displayName }
        : null,
  },
  signingCertificate: {
    write: (v) => ({ signingCertificateThumbprint: v?.thumbprint ?? null, signingCertificateNotAfter: v?.notAfter ?? null }),
    read: ({ signingCertificateThumbprint: thumbprint, signingCertificateNotAfter: notAfter }) =>
      thumbprint !== null && notAfter !== null ? { thumbprint, notAfter } : null,
  },
  federationMetadata: {
    write: (v) => ({
      federationMetadataXml: v?.xml ?? null,
      federationEntityId: v?.entityId ?? null,
      federationSsoUrl: v?.ssoUrl ?? null,
      federationCertificateThumbprint: v?.certificate.thumbprint ?? null,
      federationCertificateNotAfter: v?.certificate.notAfter ?? null,
    }),
    read: (r) => {
      const { federationMetadataXml: xml, federationEntityId: entityId, federationSsoUrl: ssoUrl } = r;
      const { federationCertificateThumbprint: thumbprint, federationCertificateNotAfter: notAfter } = r;
      return xml !== null && entityId !== null && ssoUrl !== null && thumbprint !== null && notAfter !== null
        ? { xml, entityId, ssoUrl, certificate: { thumbprint, notAfter } }
        : null;
    },
  },
  identitySource: {
    write: (v) => ({
      identitySourceConfirmedAt: v?.confirmedAt ?? null,
      identitySourceConfirmedById: v?.confirmedById ?? null,
      identitySourceConfirmedByLabel: v?.confirmedByLabel ?? null,
    }),
    read: ({ identitySourceConfirmedAt: confirmedAt, identitySourceConfirmedById: confirmedById, identitySourceConfirmedByLabel: confirmedByLabel }) =>
      confirmedAt !== null && confirmedById !== null && confirmedByLabel !== null ? { confirmedAt, confirmedById, confirmedByLabel } : null,
  },
  scim: {
    write: (v) => ({ scimEndpoint: v?.endpoint ?? null, scimTokenFingerprint: v?.tokenFingerprint ?? null, scimTokenExpiresAt: v?.tokenExpiresAt ?? null }),
    read: ({ scimEndpoint: endpoint, scimTokenFingerprint: tokenFingerprint, scimTokenExpiresAt: tokenExpiresAt }) =>
      endpoint !== null && tokenFingerprint !== null && tokenExpiresAt !== null ? { endpoint, tokenFingerprint, tokenExpiresAt } : null,
  },
  provisioningJob: {
    write: (v) => ({ provisioningJobId: v?.jobId ?? null }),
    read: ({ provisioningJobId: jobId }) => (jobId !== null ? { jobId } : null),
  },
  provisioningStart: {
    write: (v) => ({ provisioningStartedAt: v?.startedAt ?? null }),
    read: ({ provisioningStartedAt: startedAt }) => (startedAt !== null ? { startedAt } : null),
  },
};

const PARTS = Object.keys(CODECS) as FederationPart[];
// The migration that creates the table inserts this row; it is never deleted.
const ROW_ID = 1;

/**
 * What setup configured. Outside a transaction, one read serves every page of the next second
 * (lib/shared-reads.ts): a page asks through several capabilities, and a team asks many times.
 */
export function readFederationConfig(tx?: Tx): Promise<FederationConfig> {
  return readSharedOutsideTransaction(tx, "federation-config", ["FederationConfig"], readRow);
}

async function readRow(tx: Tx): Promise<FederationConfig> {
  const row = await tx.federationConfig.findUnique({ where: { id: ROW_ID } });
  if (!row) throw new Error("the federation configuration has no row: the database was not migrated");
  return Object.fromEntries(PARTS.map((p) => [p, CODECS[p].read(row)])) as FederationConfig;
}

/** For the wizard: records a part, in the transaction that finishes the step establishing it. */
export async function saveFederationPart(tx: Tx, established: FederationPartValue): Promise<void> {
  const codec = CODECS[established.part] as Codec<FederationPart>;
  await tx.federationConfig.update({ where: { id: ROW_ID }, data: codec.write(established.value) });
}

/** For the wizard: forgets parts, in the transaction that sends their steps back to run again. */
export async function clearFederationParts(tx: Tx, parts: FederationPart[]): Promise<void> {
  if (parts.length === 0) return;
  const data = Object.assign({}, ...parts.map((p) => CODECS[p].write(null))) as Columns;
  await tx.federationConfig.update({ where: { id: ROW_ID }, data });
}
