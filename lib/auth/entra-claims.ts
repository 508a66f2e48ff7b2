import type { EntraIdentity } from "./admit-person";

// The verified ID token's claims SSO Bridge reads, and who they say the person is.

export type EntraClaims = {
  oid?: string;
  tid?: string;
  preferred_username?: string;
  name?: string;
  email?: string;
  upn?: string;
  idp?: string;
  /** the "acct" optional claim: 0 for a member of the tenant, 1 for a guest (absent unless the app registration asks for it) */
  acct?: unknown;
};

export function identityFromClaims(c: EntraClaims): EntraIdentity {
  const login = c.preferred_username ?? c.upn ?? "";
  return { oid: c.oid ?? "", tid: c.tid ?? "", login, name: c.name ?? login, email: c.email ?? null, idp: c.idp ?? null, accountType: accountType(c.acct) };
}

/** Entra issues acct as a number in JWTs; SAML carries it as text. Anything else says nothing. */
function accountType(acct: unknown): EntraIdentity["accountType"] {
  if (acct === 0 || acct === "0") return "member";
  if (acct === 1 || acct === "1") return "guest";
  return null;
}
