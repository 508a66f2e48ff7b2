import { recordAuditEvent, SYSTEM_ACTOR } from "../audit/record-audit-event";
import { db } from "../db";
import { serialiseAuditedChange } from "../db-dialect";
import { errorFields, log } from "../log";
import { sharedRead } from "../shared-reads";
import { isAppError } from "../errors";
import { federationCertificateCountdown } from "../federation/configured-parts";
import { confirmedProvisioningStatus } from "../provisioning/provisioning-overview";
import { storedVocabulary } from "../stored-vocabulary";
import { ALERT_SEVERITIES, alertConditions, type AlertCondition, type AlertFacts, type AlertSeverity } from "./conditions";
import { deliverPending, queueDeliveries } from "./deliveries";

// Turns the conditions that hold now into alerts: a new condition fires once (an alert row, one
// delivery per webhook, one audit event); one still holding only updates when it was last seen;
// one gone is resolved. Runs once per monitor period, and right after a change made through SSO
// Bridge; each firing and resolving re-checks the row under the audited-change lock, so two
// evaluations at once (two instances, or a change during the period's run) act once.

export const ALERTS_TASK = "alerts";

export type ReadFacts = (now: Date) => Promise<AlertFacts>;

/** The job as the monitor's poll just read it (the alerts run after it in the same period), the certificate as configured. */
export async function currentFacts(now: Date): Promise<AlertFacts> {
  const [provisioning, federationCertificate] = await Promise.all([confirmedProvisioningStatus(now), federationCertificateCountdown(now)]);
  return { provisioning, federationCertificate, now };
}

export async function evaluateAlerts(now = new Date(), readFacts: ReadFacts = currentFacts): Promise<string> {
  let facts: AlertFacts;
  try {
    facts = await readFacts(now);
  } catch (e) {
    // Not knowing is not the same as healthy: an outage leaves the alerts as they are.
    if (!isAppError(e)) throw e;
    return `alerts kept as they are; could not read the status: ${e.message}`;
  }
  const conditions = alertConditions(facts);
  const active = await readActiveAlerts();
  const activeKeys = new Set(active.map((a) => a.key));
  let fired = 0;
  for (const c of conditions) {
    if (activeKeys.has(c.key)) {
      // The message may count days down; the alert does not fire again for it.
      await db().alert.update({ where: { key: c.key }, data: { lastSeenAt: now, message: c.message, severity: c.severity } });
    } else {
      await fire(c, now);
      fired += 1;
    }
  }
  const gone = active.filter((a) => !conditions.some((c) => c.key === a.key));
  for (const a of gone) await resolve(a, conditions, now);
  return `${conditions.length} active alerts, ${fired} fired, ${gone.length} resolved`;
}

async function fire(c: AlertCondition, now: Date): Promise<void> {
  await db().$transaction(async (tx) => {
    await serialiseAuditedChange(tx);
    const existing = await tx.alert.findUnique({ where: { key: c.key }, select: { resolvedAt: true } });
    if (existing && existing.resolvedAt === null) return;
    const fields = { severity: c.severity, message: c.message, firstSeenAt: now, lastSeenAt: now, resolvedAt: null, notifiedAt: null };
    // A condition that comes back after being resolved reopens its row and fires again.
    await tx.alert.upsert({ where: { key: c.key }, create: { key: c.key, ...fields }, update: fields });
    const webhooks = await queueDeliveries(tx, { event: "fired", alert: { key: c.key, severity: c.severity, message: c.message, firstSeenAt: now } }, now);
    await recordAuditEvent(tx, {
      actor: SYSTEM_ACTOR,
      action: "alert.fire",
      target: { type: "alert", id: c.key, label: c.message },
      outcome: "success",
      details: { severity: c.severity, webhooks },
    });
  });
}

type ActiveAlert = { key: string; severity: AlertSeverity; message: string; firstSeenAt: Date };

const storedSeverity = storedVocabulary("Alert.severity", ALERT_SEVERITIES);

async function readActiveAlerts(): Promise<ActiveAlert[]> {
  const rows = await db().alert.findMany({ where: { resolvedAt: null }, select: { key: true, severity: true, message: true, firstSeenAt: true } });
  return rows.map((r) => ({ ...r, severity: storedSeverity.read(r.severity) }));
}

async function resolve(a: ActiveAlert, conditions: AlertCondition[], now: Date): Promise<void> {
  // A nearer threshold of the same countdown replaces this one: its own alert says more than "resolved".
  const supersededBy = conditions.find((c) => c.family === familyOf(a.key))?.key ?? null;
  await db().$transaction(async (tx) => {
    await serialiseAuditedChange(tx);
    const { count } = await tx.alert.updateMany({ where: { key: a.key, resolvedAt: null }, data: { resolvedAt: now } });
    if (count === 0) return;
    const webhooks = supersededBy ? 0 : await queueDeliveries(tx, { event: "resolved", alert: a }, now);
    await recordAuditEvent(tx, {
      actor: SYSTEM_ACTOR,
      action: "alert.resolve",
      target: { type: "alert", id: a.key, label: a.message },
      outcome: "success",
      details: { supersededBy, webhooks },
    });
  });
}

const familyOf = (key: string) => key.split(":")[0];

/** What the overview lists: the alerts that hold now, the most severe first. */
export async function activeAlerts(): Promise<ActiveAlert[]> {
  const rows = await sharedRead("active-alerts", ["Alert"], readActiveAlerts);
  return [...rows].sort((x, y) => Number(y.severity === "critical") - Number(x.severity === "critical") || x.firstSeenAt.getTime() - y.firstSeenAt.getTime());
}

/**
 * Right after a change made through SSO Bridge (the job started, paused, resumed or restarted, the
 * token rotated, a setup step run): the alerts follow the status the change just read, within
 * seconds, instead of at the next period. Their webhook messages are queued and sent by the
 * period's run, so no receiver's answer holds up the person's request. The change has happened by
 * then, so a failure here is logged; the period's run catches up.
 */
export async function evaluateAlertsAfterChange(): Promise<void> {
  try {
    await evaluateAlerts();
  } catch (e) {
    log("warn", "could not evaluate the alerts after a change", errorFields(e));
  }
}

/** The background task: evaluate, then send whatever is due (new events and retries). */
export async function runAlerts(now = new Date()): Promise<string> {
  const evaluated = await evaluateAlerts(now);
  return `${evaluated}; ${await deliverPending(now)}`;
}
