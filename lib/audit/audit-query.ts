import { z } from "zod";
import { db } from "../db";
import { sharedRead } from "../shared-reads";
import { auditActorLabels, auditSeqsContaining, containsIgnoringCase } from "../db-dialect";
import { AUDIT_OUTCOMES, storedActorType, storedOutcome, type ActorType, type AuditOutcome } from "./audit-event-columns";

// The audit history's filters and pages. Pages are keyed by the event's sequence number (newest
// first, "older than #n"), never by offset, so the thousandth page costs what the first does. The
// filters travel as URL search parameters, so a filtered view can be bookmarked, shared and exported.

export const AUDIT_PAGE = 50;

export type AuditFilter = {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  outcome?: AuditOutcome;
  since?: Date;
  until?: Date;
  text?: string;
};

export type AuditQuery = { filter: AuditFilter; before: number | null; form: Record<string, string>; problems: string[] };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

const fields = {
  actor: z.string().trim().min(1).max(200),
  action: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[\w.-]+$/),
  targetType: z.string().trim().min(1).max(60),
  targetId: z.string().trim().min(1).max(2000),
  outcome: z.enum(AUDIT_OUTCOMES),
  since: z
    .string()
    .regex(DAY)
    .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`))),
  until: z
    .string()
    .regex(DAY)
    .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`))),
  // Three characters: the shortest text the trigram indexes can look up.
  text: z.string().trim().min(3).max(200),
  before: z.string().regex(/^\d{1,15}$/),
};

const HINTS: Record<string, string> = {
  since: "enter a date as YYYY-MM-DD",
  until: "enter a date as YYYY-MM-DD",
  text: "search for at least three characters",
  action: "an action is a dotted name such as permission-set.update",
  outcome: "choose success, failure or denied",
};

export function parseAuditQuery(params: Record<string, string | string[] | undefined>): AuditQuery {
  const form: Record<string, string> = {};
  const problems: string[] = [];
  for (const [key, schema] of Object.entries(fields)) {
    const v = params[key];
    const value = (Array.isArray(v) ? v[0] : v)?.trim();
    if (!value) continue;
    const parsed = schema.safeParse(value);
    if (parsed.success) form[key] = String(parsed.data);
    else problems.push(`Ignored the ${key} filter “${value.slice(0, 40)}”: ${HINTS[key] ?? "it is not valid"}.`);
  }
  const day = (v: string | undefined) => (v ? new Date(`${v}T00:00:00Z`) : undefined);
  const until = day(form.until);
  const filter: AuditFilter = {
    actor: form.actor,
    action: form.action,
    targetType: form.targetType,
    targetId: form.targetId,
    outcome: form.outcome as AuditFilter["outcome"],
    since: day(form.since),
    // "Until" names a day: everything before the next one.
    until: until ? new Date(until.getTime() + DAY_MS) : undefined,
    text: form.text,
  };
  const { before, ...rest } = form;
  return { filter, before: before ? Number(before) : null, form: rest, problems };
}

/**
 * The filter as a Prisma condition, without the text (see findAuditEvents). The actor matches part
 * of the name recorded with the event, or of a team member's mail or login, case ignored; the
 * action matches a prefix, so "permission-set" finds every change to permission sets.
 */
export async function auditWhere(f: Omit<AuditFilter, "text">, before: number | null = null) {
  return {
    ...(before !== null ? { seq: { lt: before } } : {}),
    ...(f.actor ? await actorWhere(f.actor) : {}),
    ...(f.action ? { action: { startsWith: f.action } } : {}),
    ...(f.targetType ? { targetType: f.targetType } : {}),
    ...(f.targetId ? { targetId: f.targetId } : {}),
    ...(f.outcome ? { outcome: f.outcome } : {}),
    ...(f.since || f.until ? { occurredAt: { ...(f.since ? { gte: f.since } : {}), ...(f.until ? { lt: f.until } : {}) } } : {}),
  };
}

// The names are matched here, then looked up whole: "contains" over the events would walk them all
// when no event matches.
async function actorWhere(text: string) {
  const part = text.toLowerCase();
  const labels = (await auditActorLabels(db())).filter((l) => l.toLowerCase().includes(part));
  const like = containsIgnoringCase(db(), text);
  const people = await db().user.findMany({ where: { OR: [{ email: like }, { login: like }] }, select: { id: true } });
  return { OR: [{ actorLabel: { in: labels } }, ...(people.length > 0 ? [{ actorId: { in: people.map((p) => p.id) } }] : [])] };
}

type AuditWhere = Omit<Awaited<ReturnType<typeof auditWhere>>, "seq"> & { seq?: { lt: number } | { in: number[] } };

// Sequence numbers taken from the text index at a time when other filters narrow the matches further.
const TEXT_BATCH = 1_000;

/**
 * Up to `take` events the filter matches, newest first, below `before`, read by `read` (which
 * chooses the columns). Text goes through the index (lib/db-dialect.ts): the whole history in one
 * step; the other filters are then applied to each batch of matches, so that a page fills however
 * rare the combination is.
 */
export async function findAuditEvents<R extends { seq: number }>(
  f: AuditFilter,
  before: number | null,
  take: number,
  read: (where: AuditWhere, take: number) => Promise<R[]>,
): Promise<R[]> {
  const { text, ...rest } = f;
  if (!text) return read(await auditWhere(rest, before), take);
  const others = await auditWhere(rest);
  // Details are stored as JSON: quotes and backslashes in the text are looked for as JSON writes them.
  const stored = JSON.stringify(text).slice(1, -1);
  const batch = Object.keys(others).length === 0 ? take : Math.max(take, TEXT_BATCH);
  const found: R[] = [];
  for (let below = before; ;) {
    const seqs = await auditSeqsContaining(db(), stored, below, batch);
    if (seqs.length > 0) found.push(...(await read({ ...others, seq: { in: seqs } }, take - found.length)));
    if (found.length >= take || seqs.length < batch) return found;
    below = seqs.at(-1)!;
  }
}

export const LIST_FIELDS = {
  seq: true,
  id: true,
  occurredAt: true,
  actorLabel: true,
  actorType: true,
  action: true,
  targetType: true,
  targetId: true,
  targetLabel: true,
  outcome: true,
} as const;

export type AuditListEvent = {
  seq: number;
  id: string;
  occurredAt: Date;
  actorLabel: string;
  actorType: ActorType;
  action: string;
  targetType: string;
  targetId: string | null;
  targetLabel: string | null;
  outcome: AuditOutcome;
};

type ListRow = Omit<AuditListEvent, "actorType" | "outcome"> & { actorType: string; outcome: string };
const listEvent = (r: ListRow): AuditListEvent => ({ ...r, actorType: storedActorType.read(r.actorType), outcome: storedOutcome.read(r.outcome) });

export type AuditPage = { events: AuditListEvent[]; olderThan: number | null };

/** A page as the Audit page shows it: one read serves the renders of the next second (lib/shared-reads.ts). */
export function shownAuditPage(f: AuditFilter, before: number | null): Promise<AuditPage> {
  return sharedRead(`audit-page:${JSON.stringify([f, before])}`, ["AuditEvent"], () => auditPage(f, before));
}

/** One page, newest first; `olderThan` is the cursor for the next page, null on the last. */
export async function auditPage(f: AuditFilter, before: number | null, limit = AUDIT_PAGE): Promise<AuditPage> {
  const rows = await findAuditEvents(f, before, limit + 1, (where, take) =>
    db().auditEvent.findMany({ where, orderBy: { seq: "desc" }, take, select: LIST_FIELDS }),
  );
  const events = rows.slice(0, limit).map(listEvent);
  return { events, olderThan: rows.length > limit ? events.at(-1)!.seq : null };
}

/** The URL of the audit page (or export) for a filter, e.g. a permission set's history. */
export function auditHref(f: Partial<Record<keyof typeof fields, string>>, path = "/audit"): string {
  const params = new URLSearchParams(Object.entries(f).filter((e): e is [string, string] => !!e[1]));
  const q = params.toString();
  return q ? `${path}?${q}` : path;
}
