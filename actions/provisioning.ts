"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/action";
import { evaluateAlertsAfterChange } from "@/lib/alerts/evaluate-alerts";
import { pauseProvisioning, provisionUserOnDemand, RESET_SCOPES, restartProvisioning, resumeProvisioning } from "@/lib/provisioning/job-control";
import { checkProvisioningJobNow } from "@/lib/provisioning/provisioning-job-reading";
import { canConfigureFederation, canView } from "@/lib/security/permissions";
import { rotateScimToken } from "@/lib/setup/scim-token-rotation";
import { findPrincipals } from "@/lib/setup/steps/assignments";
import { scimTokenInput } from "@/lib/setup/steps/scim-credentials";

/** After a change: the alerts follow the status it just read, then the pages redraw. */
async function refresh() {
  await evaluateAlertsAfterChange();
  revalidatePath("/provisioning");
  revalidatePath("/");
}

/** Resets that make Entra re-evaluate or delete everything in AWS need an explicit confirmation. */
const SWEEPING = ["Full", "ForceDeletes"];

export const pauseProvisioningAction = defineAction({
  name: "provisioning.pause",
  input: z.object({}),
  allowed: canConfigureFederation,
  run: async (_input, { by }) => {
    const data = await pauseProvisioning(by);
    await refresh();
    return data;
  },
  success: () => "Paused: changes in Entra no longer reach AWS until you resume.",
});

export const rotateScimTokenAction = defineAction({
  name: "provisioning.scim-token.rotate",
  input: scimTokenInput,
  allowed: canConfigureFederation,
  run: async (input, { by }) => {
    const rotated = await rotateScimToken(input, by);
    await refresh();
    revalidatePath("/setup");
    return { fingerprint: rotated.tokenFingerprint, expires: rotated.tokenExpiresAt.slice(0, 10) };
  },
  success: (d) => `Rotated: AWS and Entra accepted the new token (fingerprint ${d.fingerprint}, expires ${d.expires}), and the job runs on with it.`,
});

export const resumeProvisioningAction = defineAction({
  name: "provisioning.resume",
  input: z.object({}),
  allowed: canConfigureFederation,
  run: async (_input, { by }) => {
    const data = await resumeProvisioning(by);
    await refresh();
    return data;
  },
  success: () => "Resumed: a cycle runs now.",
});

export const restartProvisioningAction = defineAction({
  name: "provisioning.restart",
  input: z
    .object({
      resetScope: z
        .string()
        .transform((v) => v.split(",").filter(Boolean))
        .pipe(z.array(z.enum(RESET_SCOPES as [string, ...string[]])).min(1, "Choose what the restart resets")),
      confirmed: z.string().optional(),
    })
    .refine((v) => v.confirmed === "on" || !v.resetScope.some((s) => SWEEPING.includes(s)), {
      path: ["confirmed"],
      message: "Confirm the full restart or forced deletes",
    }),
  allowed: canConfigureFederation,
  run: async ({ resetScope }, { by }) => {
    const data = await restartProvisioning(resetScope as (typeof RESET_SCOPES)[number][], by);
    await refresh();
    return data;
  },
  success: (d) => `Restarted (reset: ${d.resetScope.join(", ")}): a cycle runs now.`,
});

export const findUsersAction = defineAction({
  name: "provisioning.users.search",
  input: z.object({ query: z.string().trim().max(100) }),
  allowed: canConfigureFederation,
  run: async ({ query }) => (await findPrincipals(query)).filter((p) => p.type === "User"),
});

export const provisionOnDemandAction = defineAction({
  name: "provisioning.on-demand",
  input: z.object({ userId: z.string().regex(/^[0-9a-f-]{36}$/i, "Choose a user") }),
  allowed: canConfigureFederation,
  run: async ({ userId }, { by }) => {
    const data = await provisionUserOnDemand(userId, by);
    await refresh();
    return data;
  },
  success: (d) =>
    d.outcome === "success"
      ? "Provisioned: the user is in AWS."
      : d.outcome === "skipped"
        ? "Entra skipped the user; the steps say why."
        : "AWS refused the user; the steps say why.",
});

/** Anyone who sees the card may ask for a fresh read: concurrent asks are one Graph call. */
export const checkProvisioningJobAction = defineAction({
  name: "provisioning.check",
  input: z.object({}),
  allowed: canView,
  run: async () => {
    try {
      await checkProvisioningJobNow();
    } finally {
      // A failed read is shown too: the card keeps the last state with the reason.
      await refresh();
    }
    return null;
  },
  success: () => "Up to date with Entra.",
});
