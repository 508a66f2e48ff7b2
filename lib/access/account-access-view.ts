import { loaded, type Loaded } from "../loaded";
import { whoCanAccessAccount } from "./access-views";

export type AccountAccess = Awaited<ReturnType<typeof whoCanAccessAccount>>;

/** Who can reach one account and with which permission set, or the problem to show. */
export function accountAccessView(accountId: string): Promise<Loaded<AccountAccess>> {
  return loaded("Could not read who can reach this account", () => whoCanAccessAccount(accountId));
}
