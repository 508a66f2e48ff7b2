import { stopKeepingAction } from "@/actions/drift";
import type { KeptObject } from "@/lib/drift/aws-only";
import { ActionButton } from "@/components/ui/action-button";
import { Card } from "@/components/ui/card";

/** The objects only AWS has that people chose to keep, with why: scans leave them out until someone stops keeping them. */
export function KeptObjects({ kept, canChange }: { kept: KeptObject[]; canChange: boolean }) {
  return (
    <Card title={`Kept in AWS on purpose (${kept.length})`}>
      <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">Scans leave these out of their findings.</p>
      <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800" data-testid="drift-kept">
        {kept.map((k) => (
          <li key={k.objectKey} className="flex flex-wrap items-start justify-between gap-3 py-2">
            <div>
              <p className="font-medium break-all">{k.label}</p>
              <p>{k.reason}</p>
              <p className="text-slate-600 dark:text-slate-400">
                Kept by {k.keptBy} on {k.keptAt.toISOString().slice(0, 10)}
              </p>
            </div>
            {canChange && (
              <ActionButton
                action={stopKeepingAction}
                fields={{ objectKey: k.objectKey }}
                label="Stop keeping"
                name={`Stop keeping: ${k.label}`}
                pendingLabel={`Stopping keeping ${k.label}…`}
              />
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}
