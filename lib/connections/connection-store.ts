import type { z } from "zod";
import { recordAuditEvent, type ChangedBy } from "../audit/record-audit-event";
import { db, type Tx } from "../db";
import { serialiseAuditedChange } from "../db-dialect";

// The saved settings of one cloud connection and the result of its last test. Settings are
// parsed through their schema on the way out, so a row written by an older version cannot reach
// the rest of the code half-formed.

export type ConnectionKind = "aws" | "entra";

export type ConnectionTest<T> = { ok: true; testedAt: Date; result: T } | { ok: false; testedAt: Date; problem: string };

export type StoredConnection<S, T> = { settings: S; updatedAt: Date; lastTest: ConnectionTest<T> | null };

export async function readConnection<S extends z.ZodType, T>(
  kind: ConnectionKind,
  schema: S,
  tx: Tx = db(),
): Promise<StoredConnection<z.output<S>, T> | null> {
  const row = await tx.connection.findUnique({ where: { kind } });
  if (!row) return null;
  const settings = schema.safeParse(JSON.parse(row.settings));
  // A row that does not parse is damage to investigate, not a connection that was never saved.
  if (!settings.success) throw new Error(`the saved ${kind} connection does not match its schema: ${settings.error.message}`);
  const lastTest = row.lastTest && row.lastTestedAt ? ({ ...JSON.parse(row.lastTest), testedAt: row.lastTestedAt } as ConnectionTest<T>) : null;
  return { settings: settings.data, updatedAt: row.updatedAt, lastTest };
}

/**
 * Saves settings and runs `alsoInTransaction` (secret writes) in the same unit of work as the
 * audit event. A change of settings forgets the last test: it described the old settings.
 */
export async function saveConnection<S>(
  kind: ConnectionKind,
  settings: S,
  by: ChangedBy,
  audit: { label: string; replacedSecrets?: string[] },
  /** more writes of the same change (secrets, steps to run again); what it returns joins the audit details */
  alsoInTransaction?: (tx: Tx, before: unknown) => Promise<Record<string, unknown> | void>,
): Promise<void> {
  await db().$transaction(async (tx) => {
    await serialiseAuditedChange(tx);
    const before = await tx.connection.findUnique({ where: { kind }, select: { settings: true } });
    const value = JSON.stringify(settings);
    await tx.connection.upsert({
      where: { kind },
      create: { kind, settings: value, updatedById: by.actor.id },
      update: { settings: value, updatedById: by.actor.id, lastTest: null, lastTestedAt: null },
    });
    const previous: unknown = before ? JSON.parse(before.settings) : null;
    const more = (await alsoInTransaction?.(tx, previous)) ?? {};
    await recordAuditEvent(tx, {
      actor: by.actor,
      action: `connection.${kind}.update`,
      target: { type: "connection", id: kind, label: audit.label },
      outcome: "success",
      details: {
        before: previous,
        after: settings,
        ...(audit.replacedSecrets?.length ? { replaced: audit.replacedSecrets } : {}),
        ...more,
      },
      context: by.context,
    });
  });
}

/** Keeps a test's outcome for the settings page and records that it ran. */
export async function saveConnectionTest<T>(kind: ConnectionKind, test: ConnectionTest<T>, by: ChangedBy, label: string): Promise<ConnectionTest<T>> {
  const { testedAt, ...rest } = test;
  await db().$transaction(async (tx) => {
    await serialiseAuditedChange(tx);
    await tx.connection.updateMany({ where: { kind }, data: { lastTest: JSON.stringify(rest), lastTestedAt: testedAt } });
    await recordAuditEvent(tx, {
      actor: by.actor,
      action: `connection.${kind}.test`,
      target: { type: "connection", id: kind, label },
      outcome: test.ok ? "success" : "failure",
      details: test.ok ? { result: test.result } : { problem: test.problem },
      context: by.context,
    });
  });
  return test;
}
