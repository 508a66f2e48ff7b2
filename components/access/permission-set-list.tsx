import Link from "next/link";
import { sessionHours } from "@/lib/access/permission-set-input";
import type { PermissionSetsValue } from "@/lib/access/access-readings";
import type { StoredReading } from "@/lib/cloud-readings/cloud-reading";
import { Problem } from "@/components/ui/problem";

const hours = (duration: string) => {
  const h = sessionHours(duration);
  return `${h} ${h === 1 ? "hour" : "hours"}`;
};

/** The instance's permission sets as last read from AWS; before the first read, that it is under way or why it failed. */
export function PermissionSetList({ reading, canEdit }: { reading: StoredReading<PermissionSetsValue>; canEdit: boolean }) {
  if (!reading.value) {
    return reading.problem ? (
      <Problem problem={`Could not read the permission sets from AWS: ${reading.problem}`} />
    ) : (
      <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
        Reading the permission sets from AWS…
      </p>
    );
  }
  const { sets, undescribed } = reading.value;
  const more =
    undescribed.length > 0 ? (
      <p role="status" className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        AWS lists {undescribed.length} more {undescribed.length === 1 ? "permission set" : "permission sets"}; they show here as SSO Bridge&apos;s share of IAM
        Identity Center&apos;s request budget allows.
      </p>
    ) : null;
  if (sets.length === 0 && !more) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400">
        No permission sets yet. Start from a template: a permission set says what people can do in an account once you assign them there.
      </p>
    );
  }
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Permission sets</caption>
        <thead>
          <tr className="text-slate-500 dark:text-slate-400">
            <th scope="col" className="py-2 pr-4 font-medium">
              Name
            </th>
            <th scope="col" className="py-2 pr-4 font-medium">
              Description
            </th>
            <th scope="col" className="py-2 pr-4 font-medium">
              Session
            </th>
          </tr>
        </thead>
        <tbody>
          {sets.map((ps) => (
            <tr key={ps.arn} className="border-t border-slate-200 dark:border-slate-800">
              <td className="py-2 pr-4 font-medium">
                <Link href={`/access/permission-sets/edit?arn=${encodeURIComponent(ps.arn)}`} className="text-sky-700 underline dark:text-sky-400">
                  {ps.name}
                </Link>
                {!canEdit && <span className="sr-only"> (view)</span>}
              </td>
              <td className="py-2 pr-4 text-slate-600 dark:text-slate-400">{ps.description ?? ""}</td>
              <td className="py-2 pr-4">{hours(ps.sessionDuration)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {more}
    </div>
  );
}
