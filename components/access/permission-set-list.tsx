import Link from "next/link";
import { sessionHours } from "@/lib/access/permission-set-input";
import type { PermissionSetSummary } from "@/lib/aws/permission-sets";
import type { Loaded } from "@/lib/loaded";
import { Problem } from "@/components/ui/problem";

const hours = (duration: string) => {
  const h = sessionHours(duration);
  return `${h} ${h === 1 ? "hour" : "hours"}`;
};

/** The instance's permission sets, read from AWS by the page; render inside Suspense. */
export async function PermissionSetList({ reading, canEdit }: { reading: Promise<Loaded<PermissionSetSummary[]>>; canEdit: boolean }) {
  const loaded = await reading;
  if (!loaded.ok) return <Problem problem={loaded.problem} />;
  const sets = loaded.data;
  if (sets.length === 0) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400">
        No permission sets yet. Start from a template: a permission set says what people can do in an account once you assign them there.
      </p>
    );
  }
  return (
    <div className="overflow-x-auto">
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
                <Link href={`/access/permission-sets/edit?arn=${encodeURIComponent(ps.arn)}`} className="text-sky-700 hover:underline dark:text-sky-400">
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
    </div>
  );
}
