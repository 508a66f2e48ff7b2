import { identityCenter } from "@/lib/access/configured-identity-center";
import { organizationTree } from "@/lib/access/organization";
import { isAppError } from "@/lib/errors";
import { AccountTree } from "./account-tree";

/** The organization's accounts, read from AWS Organizations; render inside Suspense. */
export async function AccountList() {
  let root;
  try {
    root = await organizationTree(await identityCenter());
  } catch (e) {
    if (!isAppError(e)) throw e;
    return <p role="alert" className="text-sm text-red-700 dark:text-red-400">Could not read the organization: {e.message}</p>;
  }
  return <AccountTree root={root} idPrefix="accounts" />;
}
