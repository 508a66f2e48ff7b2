"use server";

import { z } from "zod";
import { defineAction } from "@/lib/action";
import { AppError } from "@/lib/errors";
import { verificationNotes, verifyAndRecord } from "@/lib/audit/verify-chain";
import { canManageSettings } from "@/lib/security/permissions";

export const verifyChainAction = defineAction({
  name: "audit.verify",
  input: z.object({}),
  allowed: canManageSettings,
  run: async (_input, { by }) => {
    const result = await verifyAndRecord(by);
    if (!result.ok)
      throw new AppError(
        "Conflict",
        `The chain does NOT verify: event #${result.firstBad.seq} ${result.reason}. The ${result.events.toLocaleString("en-US")} events before it verify.`,
      );
    return { events: result.events, notes: verificationNotes(result) };
  },
  success: (r) => `The chain verifies: all ${r.events.toLocaleString("en-US")} events are intact and in order.`,
});
