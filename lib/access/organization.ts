import type { IdentityCenter } from "../aws/identity-center";
import { flattenAccounts, readOrganizationTree, type OrgAccount, type OrgUnit } from "../aws/organization-accounts";

// The organization's tree changes rarely and takes a call per unit to read, so assignment changes
// share one read for a few minutes. (Pages show the stored organization reading instead, from
// access-readings.)

const TTL_MS = 5 * 60_000;
const cache = new Map<string, { at: number; tree: Promise<OrgUnit> }>();

export async function organizationTree(t: IdentityCenter, opts: { fresh?: boolean; now?: number } = {}): Promise<OrgUnit> {
  const now = opts.now ?? Date.now();
  const hit = cache.get(t.instanceArn);
  if (hit && !opts.fresh && now - hit.at < TTL_MS) return hit.tree;
  const tree = readOrganizationTree(t);
  cache.set(t.instanceArn, { at: now, tree });
  // A failed read is not kept: the next page asks AWS again.
  tree.catch(() => cache.delete(t.instanceArn));
  return tree;
}

export async function accountsById(t: IdentityCenter): Promise<Map<string, OrgAccount & { path: string[] }>> {
  return new Map(flattenAccounts(await organizationTree(t)).map((a) => [a.id, a]));
}
