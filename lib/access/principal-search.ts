import { findUserByUserName, searchPrincipals, type Principal } from "../aws/identity-store-principals";
import { searchSnapshot, snapshotAge } from "../drift/directory-snapshot";
import { AppError } from "../errors";
import { utcMinutes } from "../utc-time";
import { identityCenter } from "./configured-identity-center";

// Finding a user or group to give access: by part of a name in the directory snapshot the last
// drift scan kept (complete at any size, no request to AWS), a full user name looked up live.
// Before any scan has kept one, the identity store is read, within a bound.

/** Users and groups of the chosen instance's identity store that match the query, for the access pickers. */
export async function searchAccessPrincipals(query: string): Promise<Principal[]> {
  const needle = query.trim();
  if (needle.length < 2) throw new AppError("InvalidInput", "Type at least two letters of a user or group name.");
  if (!(await snapshotAge())) return (await searchPrincipals(await identityCenter(), query)).principals;
  if (needle.includes("@")) {
    const exact = await findUserByUserName(await identityCenter(), needle);
    if (exact) return [exact];
  }
  return searchSnapshot(needle);
}

/** What a search covers, for the pickers to say: the snapshot's age, or the bounded live read. */
export async function searchCoverage(): Promise<string> {
  const age = await snapshotAge();
  return age
    ? `Searches the AWS identity store as the last drift scan read it (${utcMinutes(age.takenAt)} UTC); a full user name is looked up live.`
    : "Searches the first 2,000 users and groups of the AWS identity store; a full user name is looked up live. A drift scan makes search complete.";
}
