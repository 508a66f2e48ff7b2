import { utcMinutes } from "@/lib/utc-time";
import type { AwsOperationView } from "@/lib/access/aws-operations";
import { StatusBadge } from "@/components/ui/status-badge";
import { OperationsRefresher } from "./operations-refresher";

const KIND: Record<AwsOperationView["kind"], string> = {
  "provision-permission-set": "Update accounts using",
  "create-assignment": "Assign",
  "delete-assignment": "Remove assignment of",
};
const time = (d: Date) => `${utcMinutes(d)} UTC`;

type Props = { operations: AwsOperationView[]; canRefresh: boolean; scope: { accountId?: string; permissionSetArn?: string } };

/** AWS's background requests SSO Bridge started, newest first, as the page read them for its scope; refreshes itself while any is in progress. */
export function RecentOperations({ operations: ops, canRefresh, scope }: Props) {
  if (ops.length === 0)
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400">
        No requests yet. Changes to permission sets in use and new assignments show their progress here.
      </p>
    );
  const pending = ops.filter((o) => o.status === "IN_PROGRESS").length;
  return (
    <div className="space-y-2">
      {canRefresh && pending > 0 && <OperationsRefresher pending={pending} scope={scope} />}
      <ul className="divide-y divide-slate-200 text-sm dark:divide-slate-800" aria-label="Recent AWS requests">
        {ops.map((o) => (
          <li key={o.id} className="flex flex-wrap items-start justify-between gap-2 py-2" data-status={o.status}>
            <div>
              <p>
                {KIND[o.kind]} <span className="font-medium">{o.permissionSetName}</span>
                {o.principalName ? ` for ${o.principalName}` : ""}
                {o.accountId ? ` in ${o.accountId}` : ""}
              </p>
              <p className="text-xs text-slate-500 dark:text-slate-400">{time(o.createdAt)}</p>
              {o.failureReason && <p className="text-red-700 dark:text-red-400">AWS: {o.failureReason}</p>}
            </div>
            <StatusBadge tone={o.status === "SUCCEEDED" ? "good" : o.status === "FAILED" ? "bad" : "neutral"}>
              {o.status === "SUCCEEDED" ? "Done" : o.status === "FAILED" ? "Failed" : "In progress"}
            </StatusBadge>
          </li>
        ))}
      </ul>
    </div>
  );
}
