import crypto from "node:crypto";
import type { Db } from "@/lib/db";
import { HASHED_CONTENT } from "@/lib/audit/hash";
import { withoutAuditGuard } from "./databases";

// What someone holding the application's database credentials, but not SSO_BRIDGE_ENCRYPTION_KEY,
// can do to the audit history: rewrite rows with the published link formula (SHA-256 of the
// previous hash and the event's content hash) and move the chain's head to match. On PostgreSQL
// they own the tables, so they switch the table's triggers off first.

type Row = Awaited<ReturnType<Db["auditEvent"]["findFirstOrThrow"]>>;

const sha256 = (text: string) => crypto.createHash("sha256").update(text, "utf8").digest("hex");
const contentOf = (r: Row) =>
  sha256(
    JSON.stringify(
      HASHED_CONTENT.map((k) => {
        const v = r[k];
        return v instanceof Date ? v.toISOString() : v;
      }),
    ),
  );

/** Whatever marks a link as keyed is cleared: the attacker can only make unkeyed links. */
const unkeyed = (r: Row) => ("linkKeyId" in r ? { linkKeyId: null } : {});

/**
 * Applies `edit` to the events it picks, then relinks every event from the first one it changed
 * (or from `relinkFrom`, when given) to the end, and points the head at the new last link.
 */
export async function rewriteHistory(client: Db, edit: (r: Row) => Partial<Row> | null, relinkFrom?: number): Promise<void> {
  const rows = await client.auditEvent.findMany({ orderBy: { seq: "asc" } });
  const edited = rows.map((r) => ({ ...r, ...(edit(r) ?? {}) }));
  const firstChanged = edited.findIndex((r, i) => JSON.stringify(r) !== JSON.stringify(rows[i]));
  const from = relinkFrom !== undefined ? rows.findIndex((r) => r.seq >= relinkFrom) : firstChanged;
  if (from < 0) throw new Error("the attacker changed nothing");
  let prev = from === 0 ? edited[0]!.prevHash : edited[from - 1]!.hash;
  let prevOfLast = prev;
  await withoutAuditGuard(client, async () => {
    for (const r of edited.slice(from)) {
      const hash = sha256(prev + contentOf(r));
      const { seq, ...data } = { ...r, ...unkeyed(r), prevHash: prev, hash };
      await client.auditEvent.update({ where: { seq }, data });
      prevOfLast = prev;
      prev = hash;
    }
  });
  await client.auditChainHead.update({ where: { id: 1 }, data: { prevHash: prevOfLast, hash: prev } });
}

/** Removes the newest `count` events and moves the head back to the event before them, as if they had never been. */
export async function truncateNewest(client: Db, count: number): Promise<void> {
  const rows = await client.auditEvent.findMany({ orderBy: { seq: "desc" }, take: count + 1 });
  const keep = rows[count];
  if (!keep) throw new Error("the attacker would remove every event");
  await withoutAuditGuard(client, () => client.auditEvent.deleteMany({ where: { seq: { gt: keep.seq } } }));
  const head = await client.auditChainHead.findUniqueOrThrow({ where: { id: 1 } });
  await client.auditChainHead.update({ where: { id: 1 }, data: { prevHash: keep.prevHash, hash: keep.hash, events: head.events - count } });
}
