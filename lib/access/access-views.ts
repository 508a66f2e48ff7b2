import { assignmentsInAccount, assignmentsOfPrincipal, type AssignmentKey, type PrincipalType } from "../aws/account-assignments";
import { describePrincipal, groupIdsOfUser, groupMemberIds, type Principal } from "../aws/identity-store-principals";
import type { IdentityCenter } from "../aws/identity-center";
import { permissionSetNames } from "../aws/permission-sets";
import { AppError } from "../errors";
import { identityCenter } from "./configured-identity-center";
import { accountsById } from "./organization";

// The two questions people ask of access: who can reach this account, and what can this person
// reach. Answers name the group an access comes through, since that is where it is changed.

export type AccountAccessEntry = { key: AssignmentKey; permissionSetName: string; principal: Principal; members: { shown: Principal[]; total: number } | null };
export type UserAccessEntry = { key: AssignmentKey; accountName: string; permissionSetName: string; via: Principal | null };

const MEMBERS_SHOWN = 25;

export async function whoCanAccessAccount(accountId: string): Promise<{ accountName: string | null; path: string[]; entries: AccountAccessEntry[] }> {
  const t = await identityCenter();
  const [accounts, keys] = await Promise.all([accountsById(t), assignmentsInAccount(t, accountId)]);
  const account = accounts.get(accountId);
  const names = await permissionSetNames(
    t,
    keys.map((k) => k.permissionSetArn),
  );
  const principals = await principalsOf(
    t,
    keys.map((k) => ({ type: k.principalType, id: k.principalId })),
  );
  const entries: AccountAccessEntry[] = [];
  for (const key of keys) {
    const principal = principals.get(key.principalId)!;
    let members: AccountAccessEntry["members"] = null;
    if (key.principalType === "GROUP") {
      const ids = await groupMemberIds(t, key.principalId);
      const shown = await principalsOf(
        t,
        ids.slice(0, MEMBERS_SHOWN).map((id) => ({ type: "USER" as const, id })),
      );
      members = { shown: [...shown.values()], total: ids.length };
    }
    entries.push({ key, permissionSetName: names.get(key.permissionSetArn)!, principal, members });
  }
  entries.sort((a, b) => a.permissionSetName.localeCompare(b.permissionSetName) || a.principal.name.localeCompare(b.principal.name));
  return { accountName: account?.name ?? null, path: account?.path ?? [], entries };
}

export async function whatCanUserAccess(userId: string): Promise<{ user: Principal; groups: Principal[]; entries: UserAccessEntry[] }> {
  const t = await identityCenter();
  const user = await describePrincipal(t, "USER", userId);
  const groupIds = await groupIdsOfUser(t, userId);
  const groups = await principalsOf(
    t,
    groupIds.map((id) => ({ type: "GROUP" as const, id })),
  );
  const direct = await assignmentsOfPrincipal(t, "USER", userId);
  const throughGroups = (await Promise.all(groupIds.map((id) => assignmentsOfPrincipal(t, "GROUP", id)))).flat();
  const keys = [...direct, ...throughGroups];
  const [accounts, names] = await Promise.all([
    accountsById(t),
    permissionSetNames(
      t,
      keys.map((k) => k.permissionSetArn),
    ),
  ]);
  const entries = keys.map((key) => ({
    key,
    accountName: accounts.get(key.accountId)?.name ?? key.accountId,
    permissionSetName: names.get(key.permissionSetArn)!,
    via: key.principalType === "GROUP" ? groups.get(key.principalId)! : null,
  }));
  entries.sort((a, b) => a.accountName.localeCompare(b.accountName) || a.permissionSetName.localeCompare(b.permissionSetName));
  return { user, groups: [...groups.values()], entries };
}

/** Principals by id; one removed from the identity store since is named as such rather than failing the view. */
async function principalsOf(t: IdentityCenter, refs: { type: PrincipalType; id: string }[]): Promise<Map<string, Principal>> {
  const out = new Map<string, Principal>();
  for (const ref of refs) {
    if (out.has(ref.id)) continue;
    try {
      out.set(ref.id, await describePrincipal(t, ref.type, ref.id));
    } catch (e) {
      if (!(e instanceof AppError && e.code === "NotFound")) throw e;
      out.set(ref.id, { type: ref.type, id: ref.id, name: `${ref.type === "GROUP" ? "group" : "user"} no longer in AWS (${ref.id})`, detail: null });
    }
  }
  return out;
}
