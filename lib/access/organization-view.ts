import type { StoredReading } from "../cloud-readings/cloud-reading";
import { readingView } from "../cloud-readings/reading-view";
import { loaded, type Loaded } from "../loaded";
import { currentReading, organizationReading, type OrganizationValue } from "./access-readings";

/** The organization's units and accounts as last read from AWS Organizations, with their age: never a call to AWS. */
export function organizationView(): Promise<Loaded<StoredReading<OrganizationValue>>> {
  return loaded("Could not show the organization", async () => currentReading(await readingView(organizationReading), organizationReading));
}
