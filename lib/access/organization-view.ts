import type { OrgUnit } from "../aws/organization-accounts";
import { loaded, type Loaded } from "../loaded";
import { identityCenter } from "./configured-identity-center";
import { organizationTree } from "./organization";

/** The organization's units and accounts, as AWS Organizations has them, or the problem to show. */
export function organizationView(): Promise<Loaded<OrgUnit>> {
  return loaded("Could not read the organization", async () => organizationTree(await identityCenter()));
}
