import type { AssignmentKey } from "../aws/account-assignments";
import type { Principal } from "../aws/identity-store-principals";
import { flattenAccounts } from "../aws/organization-accounts";
import { shownReading, type StoredReading } from "../cloud-readings/cloud-reading";
import { loaded, type Loaded } from "../loaded";
import { accountAccessReadings, userAccessReadings, type AccountAccessValue, type UserAccessValue } from "./access-detail-readings";
import { organizationReading, permissionSetsReading, watchedReading } from "./access-readings";

// The two questions people ask of access: who can reach this account, and what can this person
// reach. Answers name the group an access comes through, since that is where it is changed. Both
// are shown as the readers last read them (access-detail-readings.ts), never asking AWS, with
// names of sets and accounts taken from the permission sets and organization readings.

export type AccountAccessEntry = AccountAccessValue["entries"][number] & { permissionSetName: string };
export type UserAccessEntry = { key: AssignmentKey; accountName: string; permissionSetName: string; via: Principal | null };

export type AccountAccess = { reading: StoredReading<AccountAccessValue>; accountName: string | null; path: string[]; entries: AccountAccessEntry[] };
export type UserAccess = { reading: StoredReading<UserAccessValue>; user: Principal | null; groups: Principal[]; entries: UserAccessEntry[] };

export function accountAccessView(accountId: string): Promise<Loaded<AccountAccess>> {
  return loaded("Could not show who can reach this account", async () => {
    const [reading, names] = await Promise.all([watchedReading(accountAccessReadings.member(accountId)), storedNames()]);
    const account = names.accounts.get(accountId);
    const entries = (reading.value?.entries ?? [])
      .map((e) => ({ ...e, permissionSetName: names.setName(e.key.permissionSetArn) }))
      .sort((a, b) => a.permissionSetName.localeCompare(b.permissionSetName) || a.principal.name.localeCompare(b.principal.name));
    return { reading, accountName: account?.name ?? null, path: account?.path ?? [], entries };
  });
}

export function userAccessView(userId: string): Promise<Loaded<UserAccess>> {
  return loaded("Could not show what this person can reach", async () => {
    const [reading, names] = await Promise.all([watchedReading(userAccessReadings.member(userId)), storedNames()]);
    const groups = new Map((reading.value?.groups ?? []).map((g) => [g.id, g]));
    const entries = (reading.value?.assignments ?? [])
      .map((key) => ({
        key,
        accountName: names.accounts.get(key.accountId)?.name ?? key.accountId,
        permissionSetName: names.setName(key.permissionSetArn),
        via: key.principalType === "GROUP" ? (groups.get(key.principalId) ?? null) : null,
      }))
      .sort((a, b) => a.accountName.localeCompare(b.accountName) || a.permissionSetName.localeCompare(b.permissionSetName));
    return { reading, user: reading.value?.user ?? null, groups: [...groups.values()], entries };
  });
}

/** Names of permission sets and accounts as last read; one not read yet is named by its id. */
async function storedNames() {
  const [sets, organization] = await Promise.all([shownReading(permissionSetsReading), shownReading(organizationReading)]);
  const setNames = new Map((sets.value?.sets ?? []).map((s) => [s.arn, s.name]));
  return {
    setName: (arn: string) => setNames.get(arn) ?? `permission set ${arn.split("/").at(-1)}`,
    accounts: new Map(organization.value ? flattenAccounts(organization.value.root).map((a) => [a.id, a]) : []),
  };
}
