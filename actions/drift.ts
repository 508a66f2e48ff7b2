"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/action";
import { sendAssignmentBatchesSoon } from "@/lib/access/assignment-batches";
import { recreateLostAssignment } from "@/lib/drift/assignment-fixes";
import { keepInAws, removeFromAws, stopKeeping } from "@/lib/drift/aws-only-fixes";
import { removalMessage } from "@/lib/drift/removal-message";
import { cancelDriftScan, startDriftScan } from "@/lib/drift/drift-scan";
import { AppError } from "@/lib/errors";
import { provisionUserOnDemand } from "@/lib/provisioning/job-control";
import { canConfigureFederation, canOperate } from "@/lib/security/permissions";

export const startDriftScanAction = defineAction({
  name: "drift.scan",
  input: z.object({}),
  allowed: canOperate,
  run: async (_input, { by }) => {
    const { started } = await startDriftScan(by.actor.label);
    revalidatePath("/drift");
    // The wizard's last step offers the scan as its preflight.
    revalidatePath("/setup");
    return { started };
  },
  success: (r) => (r.started ? "Scanning: both directories are being read." : "A scan is already running; its progress shows here."),
});

/** A finding's fix for a user Entra should have sent: provision it now, and say what came back. */
export const provisionFromDriftAction = defineAction({
  name: "provisioning.on-demand",
  input: z.object({ userId: z.string().regex(/^[0-9a-f-]{36}$/i, "This finding names no Entra user") }),
  allowed: canConfigureFederation,
  run: async ({ userId }, { by }) => {
    const result = await provisionUserOnDemand(userId, by);
    return { outcome: result.outcome, problem: result.steps.find((s) => s.status.toLowerCase() !== "success")?.description ?? null };
  },
  success: (r) =>
    r.outcome === "success"
      ? "Provisioned: AWS has the user now; the next scan shows it."
      : `${r.outcome === "skipped" ? "Entra skipped the user" : "AWS refused the user"}${r.problem ? `: ${r.problem}` : "."}`,
});

export const cancelDriftScanAction = defineAction({
  name: "drift.scan.cancel",
  input: z.object({ id: z.string().min(1).max(100) }),
  allowed: canOperate,
  run: async ({ id }) => {
    const cancelled = await cancelDriftScan(id);
    revalidatePath("/drift");
    return { cancelled };
  },
  success: (r) => (r.cancelled ? "Cancelling: the scan stops at its next page." : "That scan is no longer running."),
});

const findingSeqs = z
  .string()
  .regex(/^\d{1,9}(,\d{1,9})*$/, "Choose at least one finding.")
  .transform((s) => s.split(",").map(Number));
const scanId = z.string().min(1).max(100);

/** Removes objects only AWS has, named by findings of the latest scan, after the person confirmed. */
export const removeFromAwsAction = defineAction({
  name: "drift.remove",
  input: z.object({ scanId, seqs: findingSeqs }),
  allowed: canConfigureFederation,
  run: async ({ scanId, seqs }, { by }) => {
    const outcome = await removeFromAws(scanId, seqs, by);
    revalidatePath("/drift");
    // Nothing was removed and AWS said why: that is the answer, as an error.
    if (outcome.removed.length + outcome.gone.length + outcome.changed.length === 0 && outcome.failed[0])
      throw new AppError("CloudRejected", outcome.failed[0].problem);
    return outcome;
  },
  success: removalMessage,
});

/** Keeps objects only AWS has, with the reason: later scans leave them out. */
export const keepInAwsAction = defineAction({
  name: "drift.keep",
  input: z.object({
    scanId,
    seqs: findingSeqs,
    reason: z.string().trim().min(3, "Say why it stays, for whoever reads the findings next.").max(500, "Keep the reason under 500 characters."),
  }),
  allowed: canConfigureFederation,
  run: async ({ scanId, seqs, reason }, { by }) => {
    const kept = await keepInAws(scanId, seqs, reason, by);
    revalidatePath("/drift");
    return { kept };
  },
  success: (r) => `Kept: later scans leave ${r.kept === 1 ? "it" : `these ${r.kept}`} out.`,
});

export const stopKeepingAction = defineAction({
  name: "drift.keep.stop",
  input: z.object({ objectKey: z.string().min(1).max(300) }),
  allowed: canConfigureFederation,
  run: async ({ objectKey }, { by }) => {
    await stopKeeping(objectKey, by);
    revalidatePath("/drift");
    return {};
  },
  success: () => "No longer kept: the next scan reports it again if it is still only in AWS.",
});

/** Makes a recreated principal's lost assignment again, in the background like any assignment. */
export const recreateLostAssignmentAction = defineAction({
  name: "assignment.create",
  input: z.object({ scanId, seq: z.coerce.number().int().min(0) }),
  allowed: canOperate,
  run: async ({ scanId, seq }, { by }) => {
    const recreated = await recreateLostAssignment(scanId, seq, by);
    sendAssignmentBatchesSoon();
    revalidatePath("/drift");
    return recreated;
  },
  success: (r) => `Assigning ${r.permissionSet} to ${r.principal}: SSO Bridge sends it in the background; Access → Assign shows its progress.`,
});
