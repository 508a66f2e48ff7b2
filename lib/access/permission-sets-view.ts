import { listPermissionSets, permissionSetUse, readPermissionSet, type PermissionSet, type PermissionSetSummary } from "../aws/permission-sets";
import { loaded, nullWhenNotFound, type Loaded } from "../loaded";
import { identityCenter } from "./configured-identity-center";

// The Access pages' reads of permission sets, as data or the problem to show.

export function permissionSetsView(): Promise<Loaded<PermissionSetSummary[]>> {
  return loaded("Could not read the permission sets", async () => listPermissionSets(await identityCenter()));
}

/**
 * One set and the accounts where someone is assigned it, which is what "in use" means: AWS can keep
 * a set provisioned to an account nobody is assigned in, and deletes it from there with the set.
 * Null when AWS has no such set.
 */
export function permissionSetView(arn: string): Promise<Loaded<{ permissionSet: PermissionSet; accounts: string[] } | null>> {
  return loaded("Could not read the permission set", async () => {
    const t = await identityCenter();
    return nullWhenNotFound(
      Promise.all([readPermissionSet(t, arn), permissionSetUse(t, arn)]).then(([permissionSet, use]) => ({ permissionSet, accounts: use.assigned })),
    );
  });
}
