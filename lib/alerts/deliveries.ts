import { recordAuditEvent, SYSTEM_ACTOR, type ChangedBy } from "../audit/record-audit-event";
import { db, type Tx } from "../db";
import { AppError, isAppError } from "../errors";
import { NetworkError } from "../http/network-failure";
import { outboundResponse } from "../http/outbound-fetch";
import { checkWebhookUrl, webhookPolicy, webhookUrl } from "./webhooks";
import { storedDeliveryMessage, storedWebhookFormat, webhookBody, type AlertSnapshot, type DeliveryMessage } from "./webhook-payload";

// Alert events and audit anchors go out through a queue in the database: a receiver that is down gets
// them later, with backoff, whichever instance runs the next delivery pass.

export const DELIVERY_TIMEOUT_MS = 10_000;
export const MAX_ATTEMPTS = 6;
const MINUTE = 60_000;

/**
 * One delivery per enabled webhook (for an anchor, per enabled webhook that receives anchors), due now; call inside
 * the transaction that fires or resolves the alert (an anchor is a file, written just before).
 */
export async function queueDeliveries(tx: Tx, message: DeliveryMessage, now: Date): Promise<number> {
  const hooks = await tx.webhook.findMany({ where: { enabled: true, ...(message.event === "anchor" && { receivesAnchors: true }) }, select: { id: true } });
  const { event, payload } = storedDeliveryMessage.encode(message);
  const alertKey = message.event === "anchor" ? null : message.alert.key;
  for (const h of hooks) {
    await tx.webhookDelivery.create({ data: { webhookId: h.id, alertKey, event, payload, nextAttemptAt: now, createdAt: now } });
  }
  return hooks.length;
}

/** Sends every delivery that is due; returns a summary for the background task's record. */
export async function deliverPending(now = new Date()): Promise<string> {
  const due = await db().webhookDelivery.findMany({
    where: { done: false, nextAttemptAt: { lte: now }, webhook: { enabled: true } },
    include: { webhook: true },
    orderBy: { createdAt: "asc" },
  });
  let delivered = 0;
  for (const d of due) if (await attempt(d, now)) delivered += 1;
  return `${delivered} of ${due.length} webhook deliveries succeeded`;
}

/** Sends a sample alert to one webhook right away, so an admin sees it arrive. */
export async function sendTestDelivery(webhookId: string, by: ChangedBy, now = new Date()): Promise<{ ok: boolean; status: string }> {
  const hook = await db().webhook.findUnique({ where: { id: webhookId } });
  if (!hook) throw new AppError("NotFound", "This webhook no longer exists.");
  const sample: AlertSnapshot = { key: "test", severity: "warning", message: `A test message from SSO Bridge, sent by ${by.actor.label}.`, firstSeenAt: now };
  const d = await db().webhookDelivery.create({
    data: { webhookId, ...storedDeliveryMessage.encode({ event: "test", alert: sample }), createdAt: now },
    include: { webhook: true },
  });
  // A test is tried once: the person who asked is waiting for the answer.
  const ok = await attempt(d, now, { by, once: true });
  const after = await db().webhookDelivery.findUniqueOrThrow({ where: { id: d.id } });
  return { ok, status: after.lastStatus ?? "unknown" };
}

type Due = {
  id: string;
  event: string;
  payload: string;
  attempt: number;
  alertKey: string | null;
  webhook: { id: string; name: string; format: string; urlCiphertext: string };
};

async function attempt(d: Due, now: Date, opts: { by?: ChangedBy; once?: boolean } = {}): Promise<boolean> {
  const by = opts.by;
  const message = storedDeliveryMessage.decode(d, d.id);
  const status = await post(d.webhook, webhookBody(storedWebhookFormat.read(d.webhook.format), message, now));
  const ok = /^2\d\d$/.test(status);
  const attempts = d.attempt + 1;
  const giveUp = !ok && (opts.once === true || attempts >= MAX_ATTEMPTS);
  const nextAttemptAt = ok || giveUp ? null : new Date(now.getTime() + 2 ** (attempts - 1) * MINUTE);
  await db().$transaction(async (tx) => {
    await tx.webhookDelivery.update({
      where: { id: d.id },
      data: { attempt: attempts, lastStatus: status, deliveredAt: ok ? now : null, nextAttemptAt, done: ok || giveUp },
    });
    if (ok && message.event === "fired" && d.alertKey) await tx.alert.updateMany({ where: { key: d.alertKey, notifiedAt: null }, data: { notifiedAt: now } });
    await recordAuditEvent(tx, {
      actor: by?.actor ?? SYSTEM_ACTOR,
      action: "webhook.deliver",
      target: { type: "webhook", id: d.webhook.id, label: d.webhook.name },
      outcome: ok ? "success" : "failure",
      details: {
        event: message.event,
        ...(message.event === "anchor" ? { anchorSeq: message.anchor.seq } : { alertKey: d.alertKey }),
        attempt: attempts,
        status,
        nextAttemptAt: nextAttemptAt?.toISOString() ?? null,
        gaveUp: giveUp,
      },
      context: by?.context,
    });
  });
  return ok;
}

/** The HTTP status as text, or the failure in plain words: what the delivery records. */
async function post(hook: Due["webhook"], body: unknown): Promise<string> {
  try {
    const policy = await webhookPolicy();
    const url = await checkWebhookUrl(webhookUrl(hook), policy);
    // Redirects are not followed (outboundResponse's default), and the connection is checked against the same policy.
    const res = await outboundResponse(url, {
      policy,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      timeoutMs: DELIVERY_TIMEOUT_MS,
    });
    await res.body?.cancel();
    return String(res.status);
  } catch (e) {
    if (isAppError(e)) return e.message;
    if (e instanceof NetworkError) return e.failure.label;
    return "network error";
  }
}
