import { z } from "zod";
import { db } from "../db";
import { sharedRead } from "../shared-reads";
import { containsIgnoringCase } from "../db-dialect";
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
  text: z.string().trim().min(2).max(200),
  before: z.string().regex(/^\d{1,15}$/),
};

const HINTS: Record<string, string> = {
  since: "enter a date as YYYY-MM-DD",
  until: "enter a date as YYYY-MM-DD",
  text: "search for at least two characters",
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

export function auditWhere(f: AuditFilter, before: number | null = null) {
  return {
    ...(before !== null ? { seq: { lt: before } } : {}),
    ...(f.actor ? { actorLabel: f.actor } : {}),
    ...(f.action ? { action: f.action } : {}),
    ...(f.targetType ? { targetType: f.targetType } : {}),
    ...(f.targetId ? { targetId: f.targetId } : {}),
    ...(f.outcome ? { outcome: f.outcome } : {}),
    ...(f.since || f.until ? { occurredAt: { ...(f.since ? { gte: f.since } : {}), ...(f.until ? { lt: f.until } : {}) } } : {}),
    ...(f.text ? { details: containsIgnoringCase(db(), f.text) } : {}),
  };
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

// Text in the details has no index: one page looks through at most this many events, so a rare
// word costs the same as a common one, and "older" carries on from where the page stopped.
export const TEXT_SEARCH_WINDOW = 20_000;

export type AuditPage = { events: AuditListEvent[]; olderThan: number | null; searchedFrom: number | null };

/** A page as the Audit page shows it: one read serves the renders of the next second (lib/shared-reads.ts). */
export function shownAuditPage(f: AuditFilter, before: number | null): Promise<AuditPage> {
  return sharedRead(`audit-page:${JSON.stringify([f, before])}`, ["AuditEvent"], () => auditPage(f, before));
}

/** One page, newest first; `olderThan` is the cursor for the next page, null on the last. */
export async function auditPage(f: AuditFilter, before: number | null, limit = AUDIT_PAGE, textWindow = TEXT_SEARCH_WINDOW): Promise<AuditPage> {
  if (f.text) return textSearchPage(f, before, limit, textWindow);
  const rows = await db().auditEvent.findMany({ where: auditWhere(f, before), orderBy: { seq: "desc" }, take: limit + 1, select: LIST_FIELDS });
  const events = rows.slice(0, limit).map(listEvent);
  return { events, olderThan: rows.length > limit ? events.at(-1)!.seq : null, searchedFrom: null };
}

async function textSearchPage(f: AuditFilter, before: number | null, limit: number, window: number): Promise<AuditPage> {
  const top = before ?? ((await db().auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } }))?.seq ?? 0) + 1;
  const floor = Math.max(0, top - window);
  const rows = await db().auditEvent.findMany({
    where: { ...auditWhere(f, top), seq: { lt: top, gte: floor } },
    orderBy: { seq: "desc" },
    take: limit + 1,
    select: LIST_FIELDS,
  });
  const events = rows.slice(0, limit).map(listEvent);
  if (rows.length > limit) return { events, olderThan: events.at(-1)!.seq, searchedFrom: null };
  // The window is exhausted: the next page starts below it, if anything is older.
  const older = floor > 0 && (await db().auditEvent.findFirst({ where: { seq: { lt: floor } }, select: { seq: true } })) !== null;
  return { events, olderThan: older ? floor : null, searchedFrom: older ? floor : null };
}

/** The URL of the audit page (or export) for a filter, e.g. a permission set's history. */
export function auditHref(f: Partial<Record<keyof typeof fields, string>>, path = "/audit"): string {
  const params = new URLSearchParams(Object.entries(f).filter((e): e is [string, string] => !!e[1]));
  const q = params.toString();
  return q ? `${path}?${q}` : path;
}
