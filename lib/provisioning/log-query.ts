import { z } from "zod";
import { LOG_ACTIONS, LOG_STATUSES, type ProvisioningLogFilter } from "../entra/provisioning-logs";

// The log viewer's filters travel as URL search parameters, so a filtered view can be bookmarked
// and shared. A value that does not parse is dropped and named, rather than failing the page.

export type LogQuery = { filter: ProvisioningLogFilter; cursor: string | null; form: Record<string, string>; problems: string[] };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

const schema = z.object({
  identity: z.string().trim().max(200).optional(),
  action: z.enum(LOG_ACTIONS).optional(),
  outcome: z.enum(LOG_STATUSES).optional(),
  since: z.string().regex(DAY).optional(),
  until: z.string().regex(DAY).optional(),
  page: z.string().max(4096).optional(),
  show: z.enum(["all"]).optional(),
});

export function parseLogQuery(params: Record<string, string | string[] | undefined>): LogQuery {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const v = params[key];
    const value = Array.isArray(v) ? v[0] : v;
    if (value) raw[key] = value;
  }
  const problems: string[] = [];
  const form: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    const parsed = schema.shape[key as keyof typeof schema.shape].safeParse(value);
    if (parsed.success && parsed.data) form[key] = parsed.data;
    else if (!parsed.success)
      problems.push(
        `Ignored the ${key} filter “${value.slice(0, 40)}”: ${key === "since" || key === "until" ? "enter a date as YYYY-MM-DD" : "it is not one of the choices"}.`,
      );
  }
  const day = (v: string | undefined) => (v && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) ? new Date(`${v}T00:00:00Z`) : undefined);
  const until = day(form.until);
  const filter: ProvisioningLogFilter = {
    identity: form.identity || undefined,
    action: form.action as ProvisioningLogFilter["action"],
    status: form.outcome as ProvisioningLogFilter["status"],
    since: day(form.since),
    // "Until" names a day: everything before the next one.
    until: until ? new Date(until.getTime() + DAY_MS) : undefined,
    // Entries that changed nothing are noise unless asked for, or unless the filter names them.
    hideNoChange: form.show !== "all" && form.outcome !== "skipped" && form.action !== "Other",
  };
  return { filter, cursor: form.page ?? null, form, problems };
}
