import { assignmentBatch, sendAssignmentBatches, startAssignment, type AssignmentBatchView } from "@/lib/access/assignment-batches";
import { assignInput } from "@/lib/access/assignment-changes";
import type { ChangedBy } from "@/lib/audit/record-audit-event";

/** An assignment as the Assign page makes it: stored, then sent by the background sender to its end; the batch as the page shows it. */
export async function assignInBackground(
  order: { principalType: "USER" | "GROUP"; principalId: string; permissionSetArn: string; accountIds: string[] },
  by: ChangedBy,
  opts?: Parameters<typeof sendAssignmentBatches>[0],
): Promise<AssignmentBatchView & { outcomes: AssignmentBatchView["accounts"] }> {
  const started = await startAssignment(assignInput.parse({ ...order, accountIds: order.accountIds.join(",") }), by);
  await sendAssignmentBatches(opts);
  const batch = (await assignmentBatch(started.id))!;
  return { ...batch, outcomes: batch.accounts };
}
