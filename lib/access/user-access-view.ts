import { loaded, nullWhenNotFound, type Loaded } from "../loaded";
import { whatCanUserAccess } from "./access-views";

export type UserAccess = Awaited<ReturnType<typeof whatCanUserAccess>>;

/** What one person can reach, directly and through groups; null when the identity store has no such user. */
export function userAccessView(userId: string): Promise<Loaded<UserAccess | null>> {
  return loaded("Could not read what this person can reach", () => nullWhenNotFound(whatCanUserAccess(userId)));
}
