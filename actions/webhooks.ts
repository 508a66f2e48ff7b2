"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/action";
import { sendTestDelivery } from "@/lib/alerts/deliveries";
import { addWebhook, addWebhookInput, removeWebhook, setWebhookEnabled, setWebhookReceivesAnchors } from "@/lib/alerts/webhooks";
import { canManageSettings } from "@/lib/security/permissions";

export const addWebhookAction = defineAction({
  name: "webhook.add",
  input: addWebhookInput,
  allowed: canManageSettings,
  run: async (input, { by }) => {
    const hook = await addWebhook(input, by);
    revalidatePath("/settings");
    return { name: hook.name, receivesAnchors: hook.receivesAnchors };
  },
  success: (h) => (h.receivesAnchors ? `Alerts and audit anchors now go to ${h.name}.` : `Alerts now go to ${h.name}.`),
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

export const sendAnchorsToWebhookAction = defineAction({
  name: "webhook.anchors.send",
  input: z.object({ webhookId: z.string().min(1) }),
  allowed: canManageSettings,
  run: async ({ webhookId }, { by }) => {
    const hook = await setWebhookReceivesAnchors(webhookId, true, by);
    revalidatePath("/settings");
    return hook;
  },
  success: (h) => `${h.name} now also receives every audit anchor.`,
});

export const stopAnchorsToWebhookAction = defineAction({
  name: "webhook.anchors.stop",
  input: z.object({ webhookId: z.string().min(1) }),
  allowed: canManageSettings,
  run: async ({ webhookId }, { by }) => {
    const hook = await setWebhookReceivesAnchors(webhookId, false, by);
    revalidatePath("/settings");
    return hook;
  },
  success: (h) => `${h.name} no longer receives audit anchors.`,
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
