import type { LogAction, LogStatus } from "@/lib/entra/provisioning-logs";
import { ChoiceFilter, DayRangeFilter } from "@/components/ui/filter-fields";
import { buttonClass, inputClass, secondaryButtonClass } from "@/components/ui/form-status";

const field = "flex flex-col gap-1 text-sm";

/** A plain GET form: the filters become the page's URL, so a filtered view can be shared. */
export function LogFilters({
  values,
  choices,
}: {
  values: Record<string, string>;
  choices: { actions: readonly LogAction[]; outcomes: readonly LogStatus[] };
}) {
  return (
    <form method="get" action="/provisioning#log" className="flex flex-wrap items-end gap-3" aria-label="Filter the provisioning log">
      <label className={field}>
        <span className="font-medium">User or group</span>
        <input name="identity" defaultValue={values.identity ?? ""} placeholder="Name or object id" className={`${inputClass} w-56`} />
      </label>
      <ChoiceFilter
        name="action"
        label="Action"
        choices={choices.actions}
        value={values.action}
        display={(a) => (a === "StagedDelete" ? "Staged delete" : a)}
      />
      <ChoiceFilter name="outcome" label="Outcome" choices={choices.outcomes} value={values.outcome} />
      <DayRangeFilter since={values.since} until={values.until} />
      <label className="flex items-center gap-2 self-center text-sm">
        <input type="checkbox" name="show" value="all" defaultChecked={values.show === "all"} />
        Show entries that changed nothing
      </label>
      <button type="submit" className={buttonClass}>
        Show
      </button>
      <a href="/provisioning#log" className={secondaryButtonClass}>
        Clear
      </a>
    </form>
  );
}
