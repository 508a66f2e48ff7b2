import { inputClass } from "@/components/ui/form-status";

// Fields shared by the GET filter forms (provisioning log, audit history): a choice with "Any",
// and a UTC day range whose values travel as since/until in the URL.

const field = "flex flex-col gap-1 text-sm";
const capitalised = (v: string) => v.charAt(0).toUpperCase() + v.slice(1);

export function ChoiceFilter({
  name,
  label,
  choices,
  value,
  display = capitalised,
}: {
  name: string;
  label: string;
  choices: readonly string[];
  value?: string;
  display?: (v: string) => string;
}) {
  return (
    <label className={field}>
      <span className="font-medium">{label}</span>
      <select name={name} defaultValue={value ?? ""} className={inputClass}>
        <option value="">Any</option>
        {choices.map((c) => (
          <option key={c} value={c}>
            {display(c)}
          </option>
        ))}
      </select>
    </label>
  );
}

export function DayRangeFilter({ since, until }: { since?: string; until?: string }) {
  return (
    <>
      <label className={field}>
        <span className="font-medium">Since (UTC)</span>
        <input type="date" name="since" defaultValue={since ?? ""} className={inputClass} />
      </label>
      <label className={field}>
        <span className="font-medium">Until (UTC)</span>
        <input type="date" name="until" defaultValue={until ?? ""} className={inputClass} />
      </label>
    </>
  );
}
