import Link from "next/link";
import { AUDIT_OUTCOMES } from "@/lib/audit/audit-query";
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
        <datalist id="audit-actors">{actors.map((a) => <option key={a} value={a} />)}</datalist>
      </label>
      <label className={field}>
        <span className="font-medium">Action</span>
        <input name="action" defaultValue={values.action ?? ""} placeholder="e.g. permission-set.update" className={`${inputClass} w-52`} />
      </label>
      <label className={field}>
        <span className="font-medium">Outcome</span>
        <select name="outcome" defaultValue={values.outcome ?? ""} className={inputClass}>
          <option value="">Any</option>
          {AUDIT_OUTCOMES.map((o) => <option key={o} value={o}>{o.charAt(0).toUpperCase() + o.slice(1)}</option>)}
        </select>
      </label>
      <label className={field}>
        <span className="font-medium">Since (UTC)</span>
        <input type="date" name="since" defaultValue={values.since ?? ""} className={inputClass} />
      </label>
      <label className={field}>
        <span className="font-medium">Until (UTC)</span>
        <input type="date" name="until" defaultValue={values.until ?? ""} className={inputClass} />
      </label>
      <label className={field}>
        <span className="font-medium">Details contain</span>
        <input type="search" name="text" defaultValue={values.text ?? ""} placeholder="Any text in the details" className={`${inputClass} w-52`} />
      </label>
      <button type="submit" className={buttonClass}>Show</button>
      <Link href="/audit" className={secondaryButtonClass}>Clear</Link>
    </form>
  );
}
