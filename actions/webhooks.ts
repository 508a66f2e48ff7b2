"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/action";
import { sendTestDelivery } from "@/lib/alerts/deliveries";
import { addWebhook, addWebhookInput, removeWebhook, setWebhookEnabled } from "@/lib/alerts/webhooks";
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

export const pauseWebhookAction = defineAction({
  name: "webhook.pause",
  input: z.object({ webhookId: z.string().min(1) }),
  allowed: canManageSettings,
  run: async ({ webhookId }, { by }) => {
    const hook = await setWebhookEnabled(webhookId, false, by);
    revalidatePath("/settings");
    return hook;
  },
  success: (h) => `${h.name} is paused: it is sent no alerts until resumed.`,
});

export const resumeWebhookAction = defineAction({
  name: "webhook.resume",
  input: z.object({ webhookId: z.string().min(1) }),
  allowed: canManageSettings,
  run: async ({ webhookId }, { by }) => {
    const hook = await setWebhookEnabled(webhookId, true, by);
    revalidatePath("/settings");
    return hook;
  },
  success: (h) => `${h.name} receives alerts again.`,
});

export const sendTestWebhookAction = defineAction({
  name: "webhook.test",
  input: z.object({ webhookId: z.string().min(1) }),
  allowed: canManageSettings,
  run: async ({ webhookId }, { by }) => {
    const result = await sendTestDelivery(webhookId, by);
    revalidatePath("/settings");
    return result;
  },
  success: (r) => (r.ok ? "The test message was delivered." : `The receiver did not accept the test message: ${r.status}.`),
});
