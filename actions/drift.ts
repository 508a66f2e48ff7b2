"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/action";
import { cancelDriftScan, startDriftScan } from "@/lib/drift/drift-scan";
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
