import { utcMinutes } from "@/lib/utc-time";
import type { AssignmentBatchView } from "@/lib/access/assignment-batches";
import { LinkedText } from "@/components/ui/linked-text";
import { RefreshWhileOpen } from "@/components/ui/refresh-while-open";
import { StatusBadge, type Tone } from "@/components/ui/status-badge";

const STATUS: Record<string, { label: string; tone: Tone }> = {
  PENDING: { label: "Waiting", tone: "neutral" },
  SENDING: { label: "Sending", tone: "neutral" },
  IN_PROGRESS: { label: "In progress", tone: "neutral" },
  SUCCEEDED: { label: "Done", tone: "good" },
  FAILED: { label: "Failed", tone: "bad" },
  NOT_SENT: { label: "Not sent", tone: "warning" },
};

const working = (b: AssignmentBatchView) => !b.sent || b.counts.IN_PROGRESS > 0;

/** The newest assignments, each with its progress and every account's outcome; redrawn while one is under way. */
export function AssignmentBatches({ batches }: { batches: AssignmentBatchView[] }) {
  if (batches.length === 0) return null;
  return (
    <div className="space-y-3">
      {batches.some(working) && <RefreshWhileOpen everyMs={2_000} />}
      {batches.map((b, i) => (
        <BatchProgress key={b.id} batch={b} open={i === 0} />
      ))}
    </div>
  );
}

function BatchProgress({ batch: b, open }: { batch: AssignmentBatchView; open: boolean }) {
  const total = Object.values(b.counts).reduce((n, c) => n + c, 0);
  const ended = b.counts.SUCCEEDED + b.counts.FAILED + b.counts.NOT_SENT;
  const parts = [
    b.counts.SUCCEEDED && `${b.counts.SUCCEEDED} done`,
    b.counts.IN_PROGRESS && `${b.counts.IN_PROGRESS} in progress in AWS`,
    b.counts.PENDING + b.counts.SENDING && `${b.counts.PENDING + b.counts.SENDING} still to send`,
    b.counts.FAILED && `${b.counts.FAILED} failed`,
    b.counts.NOT_SENT && `${b.counts.NOT_SENT} not sent`,
  ].filter(Boolean);
  const label = `${b.permissionSetName} for ${b.principal.name} in ${total} ${total === 1 ? "account" : "accounts"}`;
  return (
    <details open={open} className="rounded border border-slate-200 p-3 dark:border-slate-800" data-testid="assignment-batch">
      <summary className="cursor-pointer text-sm">
        <span className="font-medium">{label}</span>{" "}
        <span className="text-slate-600 dark:text-slate-400">
          · asked by {b.requestedBy} at {utcMinutes(b.createdAt)} UTC · {parts.join(", ")}
        </span>
      </summary>
      <div className="mt-3 space-y-3">
        <div className="flex items-center gap-3">
          <progress className="h-2 w-full max-w-md" max={total} value={ended} aria-label={`Progress of ${label}`} />
          <span role="status" className="text-sm" data-testid="assignment-batch-progress">
            {working(b) ? `${ended} of ${total} ended` : `Finished: ${ended} of ${total}`}
          </span>
        </div>
        <div className="relative max-h-96 overflow-auto">
          <table className="w-full max-w-3xl text-left text-sm">
            <caption className="sr-only">Each account of {label}</caption>
            <thead>
              <tr className="text-slate-500 dark:text-slate-400">
                <th scope="col" className="py-1 pr-4 font-medium">
                  Account
                </th>
                <th scope="col" className="py-1 pr-4 font-medium">
                  Result
                </th>
                <th scope="col" className="py-1 font-medium">
                  AWS says
                </th>
              </tr>
            </thead>
            <tbody>
              {b.accounts.map((a) => (
                <tr key={a.accountId} className="border-t border-slate-200 dark:border-slate-800" data-testid={`assign-result-${a.accountId}`}>
                  <td className="py-1 pr-4">
                    {a.accountName} <span className="text-xs text-slate-600 dark:text-slate-400">{a.accountId}</span>
                  </td>
                  <td className="py-1 pr-4">
                    <StatusBadge tone={STATUS[a.status]!.tone}>{STATUS[a.status]!.label}</StatusBadge>
                  </td>
                  <td className="py-1 text-slate-600 dark:text-slate-400">{a.reason && <LinkedText text={a.reason} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {b.more > 0 && (
            <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
              And {b.more} more {b.more === 1 ? "account" : "accounts"}, counted above; those that failed or were not sent are listed first.
            </p>
          )}
        </div>
      </div>
    </details>
  );
}
