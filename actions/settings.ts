"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/action";
import { canManageSettings } from "@/lib/security/permissions";
import { updateSettings } from "@/lib/settings";

const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());

export const saveSignInSettings = defineAction({
  name: "settings.sign-in.update",
  input: z.object({ selfSignUp: checkbox }),
  allowed: canManageSettings,
  run: async (input, { by }) => {
    const settings = await updateSettings(input, by);
    revalidatePath("/settings");
    return settings;
  },
  success: () => "Sign-in settings saved.",
});

export const saveLabScimEndpointsSetting = defineAction({
  name: "settings.lab-scim-endpoints.update",
  input: z.object({ allowLabScimEndpoints: checkbox }),
  allowed: canManageSettings,
  run: async (input, { by }) => {
    const settings = await updateSettings(input, by);
    revalidatePath("/", "layout");
    return settings;
  },
  success: (s) => (s.allowLabScimEndpoints ? "SCIM endpoints outside AWS and on private networks are allowed." : "Only AWS's own SCIM endpoints are allowed."),
});

export const saveLabWebhooksSetting = defineAction({
  name: "settings.lab-webhooks.update",
  input: z.object({ allowLabWebhooks: checkbox }),
  allowed: canManageSettings,
  run: async (input, { by }) => {
    const settings = await updateSettings(input, by);
    revalidatePath("/", "layout");
    return settings;
  },
  success: (s) => (s.allowLabWebhooks ? "Webhooks on private networks and over plain HTTP are allowed." : "Only public HTTPS webhooks are allowed."),
});

export const saveAuditRetention = defineAction({
  name: "settings.audit-retention.update",
  input: z.object({
    auditRetentionDays: z
      .string()
      .trim()
      .transform((v) => (v === "" ? null : Number(v)))
      .pipe(
        z
          .number({ message: "Enter a number of days, or leave it empty." })
          .int("Whole days only.")
          .min(30, "Keep at least 30 days.")
          .max(3650, "At most 3,650 days (ten years).")
          .nullable(),
      ),
  }),
  allowed: canManageSettings,
  run: async (input, { by }) => {
    const settings = await updateSettings(input, by);
    revalidatePath("/settings");
    return settings;
  },
  success: (s) =>
    s.auditRetentionDays === null
      ? "Every audit event is kept."
      : `Audit events older than ${s.auditRetentionDays} days will be archived to a file and removed, once a day.`,
});
