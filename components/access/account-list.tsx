import type { OrganizationValue } from "@/lib/access/access-readings";
import type { StoredReading } from "@/lib/cloud-readings/cloud-reading";
import { Problem } from "@/components/ui/problem";
import { AccountTree } from "./account-tree";

/** The organization's accounts as last read from AWS Organizations; before the first read, that it is under way or why it failed. */
export function AccountList({ reading }: { reading: StoredReading<OrganizationValue> }) {
  if (!reading.value) {
    return reading.problem ? (
      <Problem problem={`Could not read the organization from AWS: ${reading.problem}`} />
    ) : (
      <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
        Reading the organization from AWS…
      </p>
    );
  }
  return <AccountTree root={reading.value.root} idPrefix="accounts" />;
}
