import { scimTokenSummary } from "../federation/configured-parts";

/** The SCIM token the job uses, as the rotation form names it: its fingerprint and expiry day (UTC). */
export async function scimTokenView(): Promise<{ tokenFingerprint: string; expiresOn: string } | null> {
  const token = await scimTokenSummary();
  return token ? { tokenFingerprint: token.tokenFingerprint, expiresOn: token.tokenExpiresAt.toISOString().slice(0, 10) } : null;
}
