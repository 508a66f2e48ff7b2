import Link from "next/link";
import { AUDIT_ACTION_CHOICES } from "@/lib/audit/audit-actions";
import { AUDIT_OUTCOMES } from "@/lib/audit/audit-event-columns";
import { ChoiceFilter, DayRangeFilter } from "@/components/ui/filter-fields";
import { buttonClass, inputClass, secondaryButtonClass } from "@/components/ui/form-status";

const field = "flex flex-col gap-1 text-sm";

/** A plain GET form: the filters become the page's URL, so a filtered view can be shared and exported. */
export function AuditFilters({ values, actors }: { values: Record<string, string>; actors: string[] }) {
  return (
    <form method="get" action="/audit" className="flex flex-wrap items-end gap-3" aria-label="Filter the audit history">
      {values.targetType && <input type="hidden" name="targetType" value={values.targetType} />}
      {values.targetId && <input type="hidden" name="targetId" value={values.targetId} />}
      <label className={field}>
        <span className="font-medium">Actor</span>
        <input name="actor" list="audit-actors" defaultValue={values.actor ?? ""} placeholder="Name, or SSO Bridge" className={`${inputClass} w-48`} />
        <datalist id="audit-actors">
          {actors.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
      </label>
      <label className={field}>
        <span className="font-medium">Action</span>
        <input
          name="action"
          list="audit-actions"
          defaultValue={values.action ?? ""}
          placeholder="e.g. permission-set.update"
          className={`${inputClass} w-52`}
        />
        <datalist id="audit-actions">
          {AUDIT_ACTION_CHOICES.map((a) => (
            <option key={a.name} value={a.name} label={a.label} />
          ))}
        </datalist>
      </label>
      <ChoiceFilter name="outcome" label="Outcome" choices={AUDIT_OUTCOMES} value={values.outcome} />
      <DayRangeFilter since={values.since} until={values.until} />
      <label className={field}>
        <span className="font-medium">Details contain</span>
        <input type="search" name="text" defaultValue={values.text ?? ""} placeholder="Any text in the details" className={`${inputClass} w-52`} />
      </label>
      <button type="submit" className={buttonClass}>
        Show
      </button>
      <Link href="/audit" className={secondaryButtonClass}>
        Clear
      </Link>
    </form>
  );
}
