// The planted past as SSO Bridge's own records hold it (simulators/planted-drift.ts): the account
// assignments it made before, which the simulators cannot plant because they live in SSO Bridge's
// database. With them, a scan of the demo finds the access a recreated person lost.
import crypto from "node:crypto";
import type { PlantedHistory } from "../simulators/planted-drift";

/** Records the planted assignments in the database DATABASE_URL names, migrating it first. */
export async function recordPlantedHistory(history: PlantedHistory): Promise<void> {
  if (history.assignmentsMade.length === 0) return;
  const { migrate } = await import("../lib/migrate");
  const { recordOperation } = await import("../lib/access/aws-operations");
  await migrate(process.env.DATABASE_URL as string);
  for (const a of history.assignmentsMade)
    await recordOperation(
      {
        kind: "create-assignment",
        request: { requestId: crypto.randomUUID(), status: "SUCCEEDED", failureReason: null },
        permissionSetArn: a.permissionSetArn,
        permissionSetName: a.permissionSetName,
        accountId: a.accountId,
        principal: { type: a.principalType, id: a.principalId, name: a.principalName },
        requestedBy: a.madeBy,
      },
      a.madeAt,
    );
}
