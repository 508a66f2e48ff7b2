import { utcMinutes } from "@/lib/utc-time";
import Link from "next/link";
import { explainFailureGroup } from "@/lib/provisioning/cycle-failures";
import type { latestCycleFailures } from "@/lib/provisioning/provisioning-history";
import { Card } from "@/components/ui/card";
import { LinkedText } from "@/components/ui/linked-text";

const time = (d: Date) => `${utcMinutes(d)} UTC`;

/** Why objects failed in the newest cycle, grouped by cause; nothing when the cycle had no failures. */
export function CycleFailures({ latest }: { latest: Awaited<ReturnType<typeof latestCycleFailures>> }) {
  if (!latest || latest.failures.groups.length === 0) return null;
  const { groups, complete } = latest.failures;
  return (
    <Card title="Why objects failed in the last cycle">
      <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
        {latest.failed} {latest.failed === 1 ? "object" : "objects"} failed in the cycle that ended {time(latest.endedAt)}
        {complete ? "." : "; the reasons below come from the first failures in the log."}
      </p>
      <ul className="space-y-3 text-sm" aria-label="Causes of failure">
        {groups.map((g) => {
          const explanation = explainFailureGroup(g);
          return (
            <li key={g.code} className="rounded border border-slate-200 p-3 dark:border-slate-800">
              <p className="font-medium">
                {g.count} × <code className="text-xs">{g.code}</code>
              </p>
              <p className="mt-1">
                {explanation?.summary ?? `For example ${g.example.source.displayName || "an object"}: ${g.example.errorReason ?? "no reason given"}`}
              </p>
              {explanation && (
                <p className="mt-1 text-slate-600 dark:text-slate-400">
                  Fix: <LinkedText text={explanation.fix} />
                </p>
              )}
            </li>
          );
        })}
      </ul>
      <Link href="/provisioning?outcome=failure#log" className="mt-3 inline-block text-sm font-medium text-sky-700 underline dark:text-sky-400">
        See every failure in the log
      </Link>
    </Card>
  );
}
