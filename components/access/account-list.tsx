import type { OrgUnit } from "@/lib/aws/organization-accounts";
import type { Loaded } from "@/lib/loaded";
import { Problem } from "@/components/ui/problem";
import { AccountTree } from "./account-tree";

/** The organization's accounts, read from AWS Organizations by the page; render inside Suspense. */
export async function AccountList({ reading }: { reading: Promise<Loaded<OrgUnit>> }) {
  const loaded = await reading;
  if (!loaded.ok) return <Problem problem={loaded.problem} />;
  return <AccountTree root={loaded.data} idPrefix="accounts" />;
}
