import { permissionSetUse, readPermissionSet, type PermissionSet } from "../aws/permission-sets";
import type { StoredReading } from "../cloud-readings/cloud-reading";
import { readingView } from "../cloud-readings/reading-view";
import { loaded, nullWhenNotFound, type Loaded } from "../loaded";
import { currentReading, permissionSetsReading, type PermissionSetsValue } from "./access-readings";
import { identityCenter } from "./configured-identity-center";

// The Access pages' reads of permission sets, as data or the problem to show.

/** The permission sets as last read from AWS, with their age: never a call to AWS. */
export function permissionSetsView(): Promise<Loaded<StoredReading<PermissionSetsValue>>> {
  return loaded("Could not show the permission sets", async () => currentReading(await readingView(permissionSetsReading), permissionSetsReading));
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
