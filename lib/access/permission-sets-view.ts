import type { StoredReading } from "../cloud-readings/cloud-reading";
import { loaded, type Loaded } from "../loaded";
import { permissionSetDetailReadings, type PermissionSetDetailValue } from "./access-detail-readings";
import { permissionSetsReading, watchedReading, type PermissionSetsValue } from "./access-readings";

// The Access pages' reads of permission sets, as data or the problem to show: as last read from
// AWS, with their age, never a call to AWS.

export function permissionSetsView(): Promise<Loaded<StoredReading<PermissionSetsValue>>> {
  return loaded("Could not show the permission sets", () => watchedReading(permissionSetsReading));
}

/**
 * One set and the accounts where someone is assigned it, which is what "in use" means: AWS can keep
 * a set provisioned to an account nobody is assigned in, and deletes it from there with the set.
 * Its value's set is null when AWS has no such set.
 */
export function permissionSetView(arn: string): Promise<Loaded<StoredReading<PermissionSetDetailValue>>> {
  return loaded("Could not show the permission set", () => watchedReading(permissionSetDetailReadings.member(arn)));
}
