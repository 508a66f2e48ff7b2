import Link from "next/link";
import type { ScanView, ShownFinding } from "@/lib/drift/drift-view";
import { FINDING_TITLES } from "@/lib/drift/finding-explanations";
import { Card } from "@/components/ui/card";
import { StatusBadge } from "@/components/ui/status-badge";
import { utc } from "./card-parts";

/** The last complete drift scan's count and its most serious finding, with the way to the Drift page. */
export function DriftCard({ scan, worst }: { scan: ScanView | null; worst: ShownFinding | null }) {
  const badge = !scan ? (
    <StatusBadge tone="neutral">No scan yet</StatusBadge>
  ) : scan.total === 0 ? (
    <StatusBadge tone="good">No drift</StatusBadge>
  ) : (
    <StatusBadge tone="warning">{scan.total} found</StatusBadge>
  );
  return (
    <Card title="Drift" actions={badge}>
      <div className="space-y-2 text-sm" data-testid="drift-card">
        {!scan ? (
          <p className="text-slate-600 dark:text-slate-400">
            No drift scan has finished: nothing yet says whether AWS holds the people Entra should provision.
          </p>
        ) : scan.total === 0 ? (
          <p>
            AWS holds everyone and every group in the application&apos;s scope as Entra would provision them (scan of {utc(scan.finishedAt ?? scan.startedAt)}).
          </p>
        ) : (
          <>
            <p>
              {scan.total} {scan.total === 1 ? "difference" : "differences"} between Entra and AWS (scan of {utc(scan.finishedAt ?? scan.startedAt)}).
            </p>
            {worst && (
              <p data-testid="drift-card-worst">
                Most serious: {FINDING_TITLES[worst.kind].toLowerCase()}, {worst.subject}
                {worst.group ? ` in ${worst.group}` : ""}.
              </p>
            )}
          </>
        )}
        <Link href="/drift" className="font-medium text-sky-700 underline dark:text-sky-400">
          {scan ? "Open Drift" : "Scan for drift"}
        </Link>
      </div>
    </Card>
  );
}
