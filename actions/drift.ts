"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/action";
import { cancelDriftScan, startDriftScan } from "@/lib/drift/drift-scan";
import { canOperate } from "@/lib/security/permissions";

export const startDriftScanAction = defineAction({
  name: "drift.scan",
  input: z.object({}),
  allowed: canOperate,
  run: async (_input, { by }) => {
    const { started } = await startDriftScan(by.actor.label);
    revalidatePath("/drift");
    return { started };
  },
  success: (r) => (r.started ? "Scanning: both directories are being read." : "A scan is already running; its progress shows here."),
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
