import { searchPrincipals, type Principal } from "../aws/identity-store-principals";
import { identityCenter } from "./configured-identity-center";

/** Users and groups of the chosen instance's identity store that match the query, for the access pickers. */
export async function searchAccessPrincipals(query: string): Promise<Principal[]> {
  return (await searchPrincipals(await identityCenter(), query)).principals;
}
