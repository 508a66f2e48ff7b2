import Link from "next/link";
import { provisionFromDriftAction, recreateLostAssignmentAction, removeFromAwsAction } from "@/actions/drift";
import { FINDING_KINDS, type FindingKind } from "@/lib/drift/diff";
import { driftHref, driftUserHref, type DriftQuery } from "@/lib/drift/drift-query";
import { FINDINGS_PAGE_SIZE, type ScanView, type ShownFinding } from "@/lib/drift/drift-view";
import { FINDING_TITLES } from "@/lib/drift/finding-explanations";
import { AWS_ONLY_KINDS } from "@/lib/drift/aws-only";
import { ActionButton } from "@/components/ui/action-button";
import { LinkedText } from "@/components/ui/linked-text";
import { KeepInAws } from "./aws-only-fix";

const link = "font-medium text-sky-700 underline dark:text-sky-400";

/** Counts by kind, each a filter of the table below. */
export function FindingCounts({ scan, query }: { scan: ScanView; query: DriftQuery }) {
  const kinds = FINDING_KINDS.filter((k) => (scan.counts[k] ?? 0) > 0);
  if (kinds.length === 0)
    return (
      <p role="status" className="text-sm" data-testid="drift-summary">
        No drift: everyone and every group in the application&apos;s scope is in AWS as Entra would provision them, and AWS holds nothing else.
      </p>
    );
  return (
    <nav aria-label="Findings by kind" data-testid="drift-summary">
      <ul className="flex flex-wrap gap-2 text-sm">
        <li>
          <FilterLink current={!query.kind} href={driftHref({})}>
            All findings ({scan.total})
          </FilterLink>
        </li>
        {kinds.map((k) => (
          <li key={k}>
            <FilterLink current={query.kind === k} href={driftHref({ kind: k })}>
              {FINDING_TITLES[k]} ({scan.counts[k]})
            </FilterLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function FilterLink({ current, href, children }: { current: boolean; href: string; children: React.ReactNode }) {
  return (
    <Link
      href={href}
      aria-current={current ? "page" : undefined}
      className={`inline-block rounded-full border px-3 py-1 ${current ? "border-sky-700 bg-sky-50 font-medium text-sky-900 dark:bg-sky-950 dark:text-sky-100" : "border-slate-300 hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800"}`}
    >
      {children}
    </Link>
  );
}

// Findings about a user Entra should send as it is: provisioning it on demand fixes them, or says why not.
const PROVISIONABLE = new Set<FindingKind>(["user-missing", "user-disabled-active", "user-attributes"]);

function SubjectLink({ finding }: { finding: ShownFinding }) {
  const href = driftUserHref(finding);
  return href ? (
    <Link href={href} className={link}>
      {finding.subject}
    </Link>
  ) : (
    <>{finding.subject}</>
  );
}

const RESOLVED_AS = { removed: "Removed from AWS", kept: "Kept in AWS on purpose", gone: "Already gone from AWS", recreated: "Assignment recreated" } as const;

const CONSEQUENCE: Partial<Record<FindingKind, string>> = {
  "user-only-in-aws": "Whoever signs in as them loses their AWS access, and their account assignments go with them.",
  "group-only-in-aws": "Its members lose the AWS access assigned to the group.",
  "member-only-in-aws": "They lose the AWS access the group grants.",
  "assignment-orphaned": "It names a principal AWS no longer has, so nobody loses access.",
};

const objectName = (f: ShownFinding) =>
  f.kind === "member-only-in-aws" ? `${f.subject}'s membership of ${f.group}` : f.kind === "assignment-orphaned" ? `${f.detail} for ${f.subject}` : f.subject;

/** The findings shown (of the kind chosen, or all) as a file. */
export function ExportLinks({ query }: { query: DriftQuery }) {
  const href = (format: string) => `/drift/export?${new URLSearchParams({ format, ...(query.kind ? { kind: query.kind } : {}) }).toString()}`;
  return (
    <p className="flex flex-wrap gap-4 text-sm">
      <a href={href("csv")} download className={link}>
        Export CSV
      </a>
      <a href={href("json")} download className={link}>
        Export JSON
      </a>
    </p>
  );
}

/** One page of findings: what, why, and the fix, with the fix itself where SSO Bridge can make it. */
export function FindingsTable({
  scanId,
  findings,
  total,
  query,
  canProvision,
  canFix,
  deleteLimit,
}: {
  scanId: string;
  findings: ShownFinding[];
  total: number;
  query: DriftQuery;
  canProvision: boolean;
  /** whether the person may remove or keep objects only AWS has */
  canFix: boolean;
  deleteLimit: number;
}) {
  if (total === 0) return null;
  const pages = Math.max(1, Math.ceil(total / FINDINGS_PAGE_SIZE));
  const title = query.kind ? FINDING_TITLES[query.kind] : "All findings";
  const removable = canFix && query.kind && AWS_ONLY_KINDS.has(query.kind) ? findings.filter((f) => !f.resolution) : [];
  const batch = removable.slice(0, deleteLimit);
  return (
    <div className="space-y-3">
      {batch.length > 1 && (
        <div className="space-y-1 text-sm" data-testid="drift-remove-page">
          <ActionButton
            action={removeFromAwsAction}
            fields={{ scanId, seqs: batch.map((f) => f.seq).join(",") }}
            pendingLabel="Removing from AWS…"
            secondary
            once
            label={
              batch.length === removable.length ? `Remove all ${batch.length} on this page from AWS` : `Remove the first ${batch.length} on this page from AWS`
            }
            confirmation={`Remove these ${batch.length} from AWS? ${batch.map(objectName).join(", ")}. ${CONSEQUENCE[query.kind!]} This cannot be undone.`}
          />
          {batch.length < removable.length && (
            <p className="text-slate-600 dark:text-slate-400">
              At most {deleteLimit} removals per scan (SSO_BRIDGE_DRIFT_DELETE_LIMIT), so a mistaken click cannot empty the directory; scan again for more.
            </p>
          )}
        </div>
      )}
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="drift-findings">
          <caption className="sr-only">
            {title}, page {query.page} of {pages}
          </caption>
          <thead className="border-b border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-400">
            <tr>
              <th scope="col" className="py-2 pr-4 font-medium">
                Finding
              </th>
              <th scope="col" className="py-2 pr-4 font-medium">
                Who or what
              </th>
              <th scope="col" className="py-2 pr-4 font-medium">
                Why
              </th>
              <th scope="col" className="py-2 font-medium">
                Fix
              </th>
            </tr>
          </thead>
          <tbody>
            {findings.map((f) => (
              <tr key={f.seq} className="border-b border-slate-100 align-top dark:border-slate-800" data-kind={f.kind}>
                <td className="py-2 pr-4 whitespace-nowrap">{FINDING_TITLES[f.kind]}</td>
                <td className="py-2 pr-4 break-all">
                  <SubjectLink finding={f} />
                  {f.group && <span className="block text-slate-600 dark:text-slate-400">in {f.group}</span>}
                </td>
                <td className="py-2 pr-4">{f.reason}</td>
                <td className="py-2">
                  <LinkedText text={f.fix} />
                  {f.href && (
                    <>
                      {" "}
                      <Link href={f.href} className={link}>
                        Go there
                      </Link>
                    </>
                  )}
                  {f.resolution ? (
                    <p className="mt-2 font-medium text-emerald-700 dark:text-emerald-400">
                      {RESOLVED_AS[f.resolution.as]}
                      {f.resolution.by && ` by ${f.resolution.by}`}
                      {f.resolution.at && ` on ${f.resolution.at.toISOString().slice(0, 10)}`}.
                    </p>
                  ) : (
                    canFix &&
                    AWS_ONLY_KINDS.has(f.kind) && (
                      <div className="mt-2 space-y-2">
                        <ActionButton
                          action={removeFromAwsAction}
                          fields={{ scanId, seqs: String(f.seq) }}
                          pendingLabel="Removing from AWS…"
                          secondary
                          once
                          label="Remove from AWS"
                          name={`Remove from AWS: ${objectName(f)}`}
                          confirmation={`Remove ${objectName(f)} from AWS? ${CONSEQUENCE[f.kind]} This cannot be undone.`}
                        />
                        <KeepInAws scanId={scanId} seq={f.seq} subject={objectName(f)} />
                      </div>
                    )
                  )}
                  {!f.resolution && canFix && f.kind === "assignment-lost" && (
                    <div className="mt-2">
                      <ActionButton
                        action={recreateLostAssignmentAction}
                        fields={{ scanId, seq: String(f.seq) }}
                        label="Recreate the assignment"
                        name={`Recreate the assignment: ${f.detail} for ${f.subject}`}
                        confirmation={`Give ${f.subject} ${f.detail}, as the ${f.assignment?.principalType === "GROUP" ? "group" : "user"} of the same name had? AWS matched them by name only: check that it is the same ${f.assignment?.principalType === "GROUP" ? "group" : "person"}.`}
                        pendingLabel={`Assigning ${f.detail} to ${f.subject}…`}
                      />
                    </div>
                  )}
                  {!f.resolution && canProvision && f.entraId && PROVISIONABLE.has(f.kind) && (
                    <div className="mt-2">
                      <ActionButton
                        action={provisionFromDriftAction}
                        fields={{ userId: f.entraId }}
                        label="Provision now"
                        name={`Provision now: ${f.subject}`}
                        pendingLabel={`Provisioning ${f.subject}…`}
                      />
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 && (
        <nav aria-label="Pages of findings" className="flex items-center gap-4 text-sm">
          {query.page > 1 && (
            <Link href={driftHref({ ...query, page: query.page - 1 })} className={link}>
              Previous
            </Link>
          )}
          <span>
            Page {query.page} of {pages}
          </span>
          {query.page < pages && (
            <Link href={driftHref({ ...query, page: query.page + 1 })} className={link}>
              Next
            </Link>
          )}
        </nav>
      )}
    </div>
  );
}
