import { LOG_ACTIONS, LOG_STATUSES } from "@/lib/entra/provisioning-logs";
import { buttonClass, inputClass, secondaryButtonClass } from "@/components/ui/form-status";

const field = "flex flex-col gap-1 text-sm";

/** A plain GET form: the filters become the page's URL, so a filtered view can be shared. */
export function LogFilters({ values }: { values: Record<string, string> }) {
  return (
    <form method="get" action="/provisioning#log" className="flex flex-wrap items-end gap-3" aria-label="Filter the provisioning log">
      <label className={field}>
        <span className="font-medium">User or group</span>
        <input name="identity" defaultValue={values.identity ?? ""} placeholder="Name or object id" className={`${inputClass} w-56`} />
      </label>
      <label className={field}>
        <span className="font-medium">Action</span>
        <select name="action" defaultValue={values.action ?? ""} className={inputClass}>
          <option value="">Any</option>
          {LOG_ACTIONS.map((a) => <option key={a} value={a}>{a === "StagedDelete" ? "Staged delete" : a}</option>)}
        </select>
      </label>
      <label className={field}>
        <span className="font-medium">Outcome</span>
        <select name="outcome" defaultValue={values.outcome ?? ""} className={inputClass}>
          <option value="">Any</option>
          {LOG_STATUSES.map((s) => <option key={s} value={s}>{s.charAt(0).toUpperCase() + s.slice(1)}</option>)}
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
      <button type="submit" className={buttonClass}>Show</button>
      <a href="/provisioning#log" className={secondaryButtonClass}>Clear</a>
    </form>
  );
}
