import { z } from "zod";
import { recordAuditEvent, type ChangedBy } from "../audit/record-audit-event";
import { db, readSharedOutsideTransaction, type Tx } from "../db";
import { serialiseAuditedChange } from "../db-dialect";
import { jsonColumn, type JsonColumn } from "../json-column";

// The saved settings of one cloud connection and the result of its last test. Settings are
// parsed through their schema on the way out, so a row written by an older version cannot reach
// the rest of the code half-formed.

export type ConnectionKind = "aws" | "entra";

export type ConnectionTest<T> = { ok: true; testedAt: Date; result: T } | { ok: false; testedAt: Date; problem: string };

export type StoredConnection<S, T> = { settings: S; updatedAt: Date; lastTest: ConnectionTest<T> | null };

/** The test without its time, which has a column of its own (lastTestedAt). */
type StoredTest<T> = { ok: true; result: T } | { ok: false; problem: string };

/** How one kind of connection is stored: its settings in Connection.settings, its last test in Connection.lastTest. */
export type ConnectionColumns<S, T> = { kind: ConnectionKind; settings: JsonColumn<S>; lastTest: JsonColumn<StoredTest<T>> };

/** The codecs of a kind's row, from the schemas of its settings and of its test's result. */
export function connectionColumns<S, T>(kind: ConnectionKind, settings: z.ZodType<S>, result: z.ZodType<T>): ConnectionColumns<S, T> {
  const test: z.ZodType<StoredTest<T>> = z.union([z.object({ ok: z.literal(true), result }), z.object({ ok: z.literal(false), problem: z.string() })]);
  return { kind, settings: jsonColumn("Connection.settings", settings), lastTest: jsonColumn("Connection.lastTest", test) };
}

/** A connection as saved; outside a transaction, shared like readFederationConfig (lib/shared-reads.ts). */
export function readConnection<S, T>(columns: ConnectionColumns<S, T>, tx?: Tx): Promise<StoredConnection<S, T> | null> {
  return readSharedOutsideTransaction(tx, `connection:${columns.kind}`, ["Connection"], (client) => readConnectionRow(columns, client));
}

async function readConnectionRow<S, T>(columns: ConnectionColumns<S, T>, tx: Tx): Promise<StoredConnection<S, T> | null> {
  const { kind } = columns;
  const row = await tx.connection.findUnique({ where: { kind } });
  if (!row) return null;
  // A row that does not parse is damage to investigate, not a connection that was never saved.
  const settings = columns.settings.decode(row.settings, kind);
  const lastTest = row.lastTest && row.lastTestedAt ? { ...columns.lastTest.decode(row.lastTest, kind), testedAt: row.lastTestedAt } : null;
  return { settings, updatedAt: row.updatedAt, lastTest };
}

/**
 * Saves settings and runs `alsoInTransaction` (secret writes) in the same unit of work as the
 * audit event. A change of settings forgets the last test: it described the old settings.
 */
export async function saveConnection<S, T>(
  columns: ConnectionColumns<S, T>,
  settings: S,
  by: ChangedBy,
  audit: { label: string; replacedSecrets?: string[] },
  /** more writes of the same change (secrets, steps to run again); what it returns joins the audit details */
  alsoInTransaction?: (tx: Tx, before: S | null) => Promise<Record<string, unknown> | void>,
): Promise<void> {
  const { kind } = columns;
  await db().$transaction(async (tx) => {
    await serialiseAuditedChange(tx);
    const before = await tx.connection.findUnique({ where: { kind }, select: { settings: true } });
    const value = columns.settings.encode(settings);
    await tx.connection.upsert({
      where: { kind },
      create: { kind, settings: value, updatedById: by.actor.id },
      update: { settings: value, updatedById: by.actor.id, lastTest: null, lastTestedAt: null },
    });
    const previous = before ? columns.settings.decode(before.settings, kind) : null;
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
export async function saveConnectionTest<S, T>(
  columns: ConnectionColumns<S, T>,
  test: ConnectionTest<T>,
  by: ChangedBy,
  label: string,
): Promise<ConnectionTest<T>> {
  const { kind } = columns;
  const { testedAt, ...rest } = test;
  await db().$transaction(async (tx) => {
    await serialiseAuditedChange(tx);
    await tx.connection.updateMany({ where: { kind }, data: { lastTest: columns.lastTest.encode(rest), lastTestedAt: testedAt } });
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
