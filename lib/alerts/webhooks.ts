import crypto from "node:crypto";
import { z } from "zod";
import type { AuditAction } from "../audit/audit-actions";
import { recordAuditEvent, type ChangedBy } from "../audit/record-audit-event";
import { db } from "../db";
import { AppError } from "../errors";
import { checkOutboundUrl, type OutboundPolicy } from "../http/outbound-address-policy";
import { decrypt, encrypt, keyRing } from "../security/encryption";
import { WEBHOOK_URL_PURPOSE as URL_PURPOSE } from "../security/secret-kinds";
import { labPolicy, readSettings } from "../settings";
import { storedDeliveryEvent, storedWebhookFormat, WEBHOOK_FORMATS, type DeliveryEvent, type WebhookFormat } from "./webhook-payload";

// The webhooks alerts are delivered to, and audit anchors to those an admin chose for them. Admins add and remove
// them; every change is audited.

// A form sends a ticked checkbox as "on" and an unticked one not at all.
const checkbox = z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean());

export const addWebhookInput = z.object({
  name: z.string().trim().min(1, "Give the webhook a name.").max(80),
  url: z.string().trim().min(1, "Paste the webhook URL.").max(2000),
  format: z.enum(WEBHOOK_FORMATS),
  /** also sent every audit anchor; off unless asked for */
  receivesAnchors: checkbox.optional(),
});

/** The newest delivery: `pending` while retries are still due. */
export type LastDelivery = { event: DeliveryEvent; at: Date; status: string | null; delivered: boolean; pending: boolean; attempts: number };

/** What the browser may see: never the URL, whose path is the receiver's credential. */
export type WebhookView = {
  id: string;
  name: string;
  host: string;
  format: WebhookFormat;
  enabled: boolean;
  receivesAnchors: boolean;
  createdAt: Date;
  lastDelivery: LastDelivery | null;
};

export async function listWebhooks(): Promise<WebhookView[]> {
  const rows = await db().webhook.findMany({
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      name: true,
      host: true,
      format: true,
      enabled: true,
      receivesAnchors: true,
      createdAt: true,
      deliveries: {
        orderBy: { createdAt: "desc" },
        take: 1,
        select: { event: true, createdAt: true, deliveredAt: true, lastStatus: true, done: true, attempt: true },
      },
    },
  });
  return rows.map(({ deliveries: [d], ...r }) => ({
    ...r,
    format: storedWebhookFormat.read(r.format),
    lastDelivery: d
      ? {
          event: storedDeliveryEvent.read(d.event),
          at: d.deliveredAt ?? d.createdAt,
          status: d.lastStatus,
          delivered: d.deliveredAt !== null,
          pending: !d.done,
          attempts: d.attempt,
        }
      : null,
  }));
}

/** A paused webhook is sent nothing new (no alert, no anchor); retries already queued wait until it is resumed. */
export async function setWebhookEnabled(id: string, enabled: boolean, by: ChangedBy): Promise<{ name: string; enabled: boolean }> {
  const name = await setSwitch(id, "enabled", enabled, enabled ? "webhook.resume" : "webhook.pause", by);
  return { name, enabled };
}

/** Whether the webhook is also sent every audit anchor, from the next one on. */
export async function setWebhookReceivesAnchors(id: string, receivesAnchors: boolean, by: ChangedBy): Promise<{ name: string; receivesAnchors: boolean }> {
  const name = await setSwitch(id, "receivesAnchors", receivesAnchors, receivesAnchors ? "webhook.anchors.send" : "webhook.anchors.stop", by);
  return { name, receivesAnchors };
}

/** Turns one of a webhook's switches, audited with before and after; turning it to where it is changes and records nothing. */
async function setSwitch(id: string, field: "enabled" | "receivesAnchors", on: boolean, action: AuditAction, by: ChangedBy): Promise<string> {
  return db().$transaction(async (tx) => {
    const row = await tx.webhook.findUnique({ where: { id } });
    if (!row) throw new AppError("NotFound", "This webhook was removed.");
    if (row[field] !== on) {
      await tx.webhook.update({ where: { id }, data: field === "enabled" ? { enabled: on } : { receivesAnchors: on } });
      await recordAuditEvent(tx, {
        actor: by.actor,
        action,
        target: { type: "webhook", id, label: row.name },
        outcome: "success",
        details: { before: { [field]: row[field] }, after: { [field]: on } },
        context: by.context,
      });
    }
    return row.name;
  });
}

export async function addWebhook(input: z.input<typeof addWebhookInput>, by: ChangedBy): Promise<WebhookView> {
  const { name, url, format, receivesAnchors = false } = addWebhookInput.parse(input);
  const checked = await checkWebhookUrl(url);
  const id = crypto.randomUUID();
  return db().$transaction(async (tx) => {
    const row = await tx.webhook.create({
      data: {
        id,
        name,
        format,
        receivesAnchors,
        host: checked.host,
        urlCiphertext: encrypt(keyRing(), checked.toString(), { purpose: URL_PURPOSE, rowId: id }),
      },
    });
    await recordAuditEvent(tx, {
      actor: by.actor,
      action: "webhook.add",
      target: { type: "webhook", id, label: name },
      outcome: "success",
      details: { host: checked.host, format, receivesAnchors },
      context: by.context,
    });
    return { id, name, host: row.host, format, enabled: row.enabled, receivesAnchors, createdAt: row.createdAt, lastDelivery: null };
  });
}

export async function removeWebhook(id: string, by: ChangedBy): Promise<{ name: string }> {
  return db().$transaction(async (tx) => {
    const row = await tx.webhook.findUnique({ where: { id } });
    if (!row) throw new AppError("NotFound", "This webhook was already removed.");
    await tx.webhook.delete({ where: { id } });
    await recordAuditEvent(tx, {
      actor: by.actor,
      action: "webhook.remove",
      target: { type: "webhook", id, label: row.name },
      outcome: "success",
      details: { host: row.host, format: row.format },
      context: by.context,
    });
    return { name: row.name };
  });
}

/** The address policy webhook deliveries are sent under, as the "Allow lab webhooks" setting says now. */
export async function webhookPolicy(): Promise<OutboundPolicy> {
  return labPolicy(await readSettings(), "allowLabWebhooks");
}

/** Checked when added and again before each delivery, with a clear message; the delivery's connection is checked too. */
export async function checkWebhookUrl(raw: string, policy?: OutboundPolicy): Promise<URL> {
  return checkOutboundUrl(raw, policy ?? (await webhookPolicy()));
}

export function webhookUrl(row: { id: string; name: string; urlCiphertext: string }): string {
  return decrypt(keyRing(), row.urlCiphertext, { purpose: URL_PURPOSE, rowId: row.id, name: row.name });
}
