import { startAssignment } from "../access/assignment-batches";
import type { ChangedBy } from "../audit/record-audit-event";
import { AppError } from "../errors";
import { claimFindings, releaseFinding } from "./aws-only-fixes";
import { openFindings } from "./open-findings";

// The fix for access lost when a principal was deleted and created again: the predecessor's
// assignment made again for its successor, through the same batches the Access pages assign with
// (sent in the background, each account audited as an assignment).

export async function recreateLostAssignment(scanId: string, seq: number, by: ChangedBy): Promise<{ principal: string; permissionSet: string }> {
  const [f] = await openFindings(scanId, [seq]);
  if (!f || f.kind !== "assignment-lost" || !f.assignment || !f.awsId)
    throw new AppError("InvalidInput", "Only a finding about AWS access lost on recreation can recreate an assignment.");
  await claimFindings(scanId, [f], "recreated", by);
  try {
    const batch = await startAssignment(
      {
        principalType: f.assignment.principalType,
        principalId: f.awsId,
        permissionSetArn: f.assignment.permissionSetArn,
        accountIds: [f.assignment.accountId],
      },
      by,
    );
    return { principal: batch.principal, permissionSet: batch.permissionSet };
  } catch (e) {
    await releaseFinding(scanId, seq);
    throw e;
  }
}
