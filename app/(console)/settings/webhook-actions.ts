"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/action";
import { sendTestDelivery } from "@/lib/alerts/deliveries";
import { addWebhook, addWebhookInput, removeWebhook } from "@/lib/alerts/webhooks";
import { canManageSettings } from "@/lib/security/permissions";

export const addWebhookAction = defineAction({
  name: "webhook.add",
  input: addWebhookInput,
  allowed: canManageSettings,
  run: async (input, { by }) => {
    const hook = await addWebhook(input, by);
    revalidatePath("/settings");
    return { name: hook.name };
  },
  success: (h) => `Alerts now go to ${h.name}.`,
});

export const removeWebhookAction = defineAction({
  name: "webhook.remove",
  input: z.object({ webhookId: z.string().min(1) }),
  allowed: canManageSettings,
  run: async ({ webhookId }, { by }) => {
    const removed = await removeWebhook(webhookId, by);
    revalidatePath("/settings");
    return removed;
  },
  success: (h) => `${h.name} no longer receives alerts.`,
});

export const sendTestWebhookAction = defineAction({
  name: "webhook.test",
  input: z.object({ webhookId: z.string().min(1) }),
  allowed: canManageSettings,
  run: ({ webhookId }, { by }) => sendTestDelivery(webhookId, by),
  success: (r) => (r.ok ? "The test message was delivered." : `The receiver did not accept the test message: ${r.status}.`),
});
