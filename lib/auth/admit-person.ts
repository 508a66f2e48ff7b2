import { recordAuditEvent, recordAuditEventAlone, SYSTEM_ACTOR, type RequestContext } from "../audit/record-audit-event";
import { db } from "../db";
import { serialiseAuditedChange } from "../db-dialect";
import { log } from "../log";
import { storedRole } from "../people";
import { readSettings } from "../settings";
import type { Role } from "../security/permissions";

// Who may sign in to SSO Bridge, and with which role, decided from the verified ID token's claims.

export type EntraIdentity = {
  oid: string;
  tid: string;
  login: string;
  name: string;
  email: string | null;
  /** the identity provider that authenticated a guest from another organization; absent when the tenant itself did */
  idp: string | null;
  /** what the acct claim says; null when the token does not carry it */
  accountType: "member" | "guest" | null;
};

export type RefusalReason = "wrong-tenant" | "guest" | "no-acct-claim" | "not-invited" | "disabled" | "incomplete-identity" | "identity-conflict";

export type Admission = { admitted: true; userId: string; role: Role } | { admitted: false; reason: RefusalReason };

/** How to treat a token without the acct claim (SSO_BRIDGE_MISSING_ACCT_CLAIM): refuse it, or take the person for a member. */
export type MissingAcctClaim = "refuse" | "member";

export type AdmissionPolicy = {
  tenantId: string;
  admins: string[];
  /** whether the first person to sign in to an empty database becomes admin (config: never with an admin list) */
  firstSignInAdmin: boolean;
  missingAcctClaim?: MissingAcctClaim;
};

const TREATED_AS_MEMBER = "treated as a member (SSO_BRIDGE_MISSING_ACCT_CLAIM=member)";

export async function admitPerson(who: EntraIdentity, policy: AdmissionPolicy, context: RequestContext): Promise<Admission> {
  const refuse = async (reason: RefusalReason): Promise<Admission> => {
    await recordAuditEventAlone({
      actor: { type: "system", label: `${who.name} <${who.login}>` },
      action: "auth.sign-in",
      target: { type: "person", id: who.oid, label: who.login },
      outcome: "denied",
      details: { reason, tenantId: who.tid },
      context,
    });
    return { admitted: false, reason };
  };

  if (!who.oid || !who.login) return refuse("incomplete-identity");
  if (who.tid.toLowerCase() !== policy.tenantId.toLowerCase()) return refuse("wrong-tenant");
  // Guests are told apart by the acct claim, which covers guests the tenant authenticates itself (no
  // idp claim); idp still catches one from another organization if the claim says nothing.
  if (who.accountType === "guest" || (who.idp && !who.idp.includes(policy.tenantId.toLowerCase()))) return refuse("guest");
  if (who.accountType === null) {
    if ((policy.missingAcctClaim ?? "refuse") === "refuse") return refuse("no-acct-claim");
    log("warn", `sign-in: the ID token has no acct claim, so a guest cannot be told apart; ${TREATED_AS_MEMBER}`, { login: who.login });
  }

  const login = who.login.toLowerCase();
  // Only immutable or administered identifiers: `email` can be set by others and is not verified.
  const listedAdmin = [login, who.oid.toLowerCase()].some((id) => policy.admins.includes(id));

  const outcome = await db().$transaction(async (tx): Promise<{ refused: RefusalReason } | { userId: string; role: Role }> => {
    // Taken first so that two people signing in to an empty database cannot both become the first admin.
    await serialiseAuditedChange(tx);
    // The object id is the identity; a user name can be given to someone else later, and must
    // not hand them the previous holder's role.
    const existing = (await tx.user.findUnique({ where: { entraObjectId: who.oid } })) ?? (await tx.user.findUnique({ where: { login } }));
    if (existing?.entraObjectId && existing.entraObjectId !== who.oid) return { refused: "identity-conflict" };
    if (existing?.disabled) return { refused: "disabled" };

    let role: Role;
    let userId: string;
    let grantedBy: string | null = null;
    if (existing) {
      role = listedAdmin ? "admin" : storedRole.read(existing.role);
      if (role !== existing.role) grantedBy = "listed in SSO_BRIDGE_ADMINS";
      const user = await tx.user.update({
        where: { id: existing.id },
        data: { entraObjectId: who.oid, tenantId: who.tid, login, name: who.name, email: who.email, role, lastSignInAt: new Date() },
      });
      userId = user.id;
    } else {
      const firstPerson = (await tx.user.count()) === 0;
      // With an admin list configured, nobody gets the seat by being first; nor in production unless asked for.
      if ((firstPerson && policy.firstSignInAdmin && policy.admins.length === 0) || listedAdmin) {
        role = "admin";
        grantedBy = firstPerson ? "first person to sign in" : "listed in SSO_BRIDGE_ADMINS";
      } else if ((await readSettings(tx)).selfSignUp) {
        role = "viewer";
      } else {
        return { refused: "not-invited" };
      }
      const user = await tx.user.create({
        data: { entraObjectId: who.oid, tenantId: who.tid, login, name: who.name, email: who.email, role, lastSignInAt: new Date() },
      });
      userId = user.id;
    }

    if (grantedBy) {
      await recordAuditEvent(tx, {
        actor: SYSTEM_ACTOR,
        action: "person.role.change",
        target: { type: "person", id: userId, label: login },
        outcome: "success",
        details: { before: existing?.role ?? null, after: role, reason: grantedBy },
        context,
      });
    }
    await recordAuditEvent(tx, {
      actor: { type: "person", id: userId, label: who.name },
      action: "auth.sign-in",
      target: { type: "person", id: userId, label: login },
      outcome: "success",
      details: { role, newPerson: !existing, ...(who.accountType === null ? { acctClaim: `missing: ${TREATED_AS_MEMBER}` } : {}) },
      context,
    });
    return { userId, role };
  });

  if ("refused" in outcome) return refuse(outcome.refused);
  return { admitted: true, ...outcome };
}
