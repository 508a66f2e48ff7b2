import type { StoredReading } from "../cloud-readings/cloud-reading";
import { loaded, type Loaded } from "../loaded";
import { organizationReading, watchedReading, type OrganizationValue } from "./access-readings";

/** The organization's units and accounts as last read from AWS Organizations, with their age: never a call to AWS. */
export function organizationView(): Promise<Loaded<StoredReading<OrganizationValue>>> {
  return loaded("Could not show the organization", () => watchedReading(organizationReading));
}
