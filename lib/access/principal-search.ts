import { searchPrincipals, type Principal } from "../aws/identity-store-principals";
import { accessTarget } from "./access-target";

/** Users and groups of the chosen instance's identity store that match the query, for the access pickers. */
export async function searchAccessPrincipals(query: string): Promise<Principal[]> {
  return (await searchPrincipals(await accessTarget(), query)).principals;
}
