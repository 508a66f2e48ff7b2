import type { ExternalId } from "../directory-store";

// The SCIM `externalId` lives in the identity store's ExternalIds list under a fixed issuer, so the
// identitystore API's GetUserId/GetGroupId by ExternalId can find what a SCIM client wrote, and
// ExternalIds from other issuers are left alone.

export const SCIM_EXTERNAL_ID_ISSUER = "scim";

export function externalIdOf(ids: ExternalId[] | undefined): string | undefined {
  return ids?.find((e) => e.Issuer === SCIM_EXTERNAL_ID_ISSUER)?.Id;
}

export function withScimExternalId(ids: ExternalId[] | undefined, value: string | undefined): ExternalId[] | undefined {
  const others = (ids ?? []).filter((e) => e.Issuer !== SCIM_EXTERNAL_ID_ISSUER);
  const next = value === undefined ? others : [...others, { Issuer: SCIM_EXTERNAL_ID_ISSUER, Id: value }];
  return next.length > 0 ? next : undefined;
}
