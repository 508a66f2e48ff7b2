// An audited change's details hold what the target was before and after; this lists what differs,
// field by field (nested objects by their path), for the event's detail view.

export type FieldChange = { path: string; before: string | null; after: string | null };

export function detailsDiff(details: unknown): FieldChange[] | null {
  if (!details || typeof details !== "object" || !("before" in details || "after" in details)) return null;
  const { before, after } = details as { before?: unknown; after?: unknown };
  const a = flatten(before ?? null);
  const b = flatten(after ?? null);
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  return paths.filter((p) => a.get(p) !== b.get(p)).map((p) => ({ path: p, before: a.get(p) ?? null, after: b.get(p) ?? null }));
}

function flatten(value: unknown, path = "", out = new Map<string, string>()): Map<string, string> {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0 && path) out.set(path, "{}");
    for (const [k, v] of entries) flatten(v, path ? `${path}.${k}` : k, out);
    return out;
  }
  // Lists are compared whole: the order of policies or members is part of what was saved.
  if (value !== null && value !== undefined) out.set(path || "(value)", typeof value === "string" ? value : JSON.stringify(value));
  return out;
}
