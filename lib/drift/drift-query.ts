import { FINDING_KINDS, type FindingKind } from "./diff";

// The Drift page's filters as its address holds them: a finding kind and a page. Anything else is ignored.

export type DriftQuery = { kind?: FindingKind; page: number };

export function parseDriftQuery(params: Record<string, string | string[] | undefined>): DriftQuery {
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const kind = one(params.kind);
  const page = Number.parseInt(one(params.page) ?? "1", 10);
  return {
    ...(kind && (FINDING_KINDS as readonly string[]).includes(kind) ? { kind: kind as FindingKind } : {}),
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

export function driftHref(query: Partial<DriftQuery>): string {
  const params = new URLSearchParams();
  if (query.kind) params.set("kind", query.kind);
  if (query.page && query.page > 1) params.set("page", String(query.page));
  const text = params.toString();
  return text ? `/drift?${text}` : "/drift";
}

/** One user side by side in both directories, for a finding about a user; null for groups and assignments. */
export function driftUserHref(f: { kind: FindingKind; entraId: string | null; awsId: string | null }): string | null {
  const aboutUser = f.kind.startsWith("user-") || f.kind.startsWith("member-");
  if (!aboutUser || (!f.entraId && !f.awsId)) return null;
  const params = new URLSearchParams();
  if (f.entraId) params.set("entra", f.entraId);
  if (f.awsId) params.set("aws", f.awsId);
  return `/drift/user?${params.toString()}`;
}
