import Link from "next/link";
import { configureProvisioningJobAction, startProvisioningAction } from "@/actions/provisioning-setup";
import type { PreflightView } from "@/lib/drift/drift-view";
import type { StepId } from "@/lib/setup/step-definitions";
import type { StepView } from "@/lib/setup/wizard";
import { PreflightSummary } from "@/components/drift/preflight-summary";
import { MirrorThisGroup } from "@/components/mirrors/mirror-this-group";
import { ActionButton } from "@/components/ui/action-button";
import { StepCard } from "../step-card";
import { AssignmentPicker } from "./assignment-picker";
import { ScimCredentialsForm } from "./scim-credentials-form";
import { UnassignButton } from "./unassign-button";

type Assignee = { assignmentId: string; principalId: string; principalType: string; displayName: string };
type Nested = { groupId?: string; group: string; nested: string[] };

const str = (v: unknown) => (typeof v === "string" ? v : "");

export function ProvisioningPanels({
  steps,
  canRun,
  consoleUrl,
  preflight,
}: {
  steps: Record<StepId, StepView>;
  canRun: boolean;
  consoleUrl: string | null;
  preflight: PreflightView;
}) {
  const { "scim-credentials": scim, "provisioning-job": job, assignments, "start-provisioning": start } = steps;
  const assignees = (assignments.data?.assignees as Assignee[] | undefined) ?? [];
  const nested = (assignments.data?.nestedGroups as Nested[] | undefined) ?? [];
  return (
    <>
      <StepCard step={scim} number={7}>
        <ol className="ml-5 list-decimal space-y-1 text-sm">
          <li>
            In the{" "}
            {consoleUrl ? (
              <a href={consoleUrl} target="_blank" rel="noreferrer" className="font-medium text-sky-700 underline dark:text-sky-400">
                IAM Identity Center console
              </a>
            ) : (
              "IAM Identity Center console"
            )}
            , open Settings → Identity source → Automatic provisioning and choose Enable.
          </li>
          <li>Copy the SCIM endpoint and the access token (the console shows the token only once) and paste them here.</li>
        </ol>
        {scim.data && (
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-500 dark:text-slate-400">Endpoint</dt>
            <dd className="font-mono break-all">{str(scim.data.endpoint)}</dd>
            <dt className="text-slate-500 dark:text-slate-400">Token</dt>
            <dd className="font-mono">
              fingerprint {str(scim.data.tokenFingerprint)}, expires {str(scim.data.tokenExpiresAt).slice(0, 10)}
            </dd>
          </dl>
        )}
        {canRun &&
          (scim.status === "done" ? (
            <>
              {job.status === "done" && (
                <p className="text-sm">
                  A new token for the same endpoint (the yearly rotation) goes in{" "}
                  <Link href="/provisioning#scim-token" className="font-medium text-sky-700 underline dark:text-sky-400">
                    Provisioning → Rotate SCIM token
                  </Link>
                  : the job keeps running and no step has to run again.
                </p>
              )}
              <details className="text-sm">
                <summary className="cursor-pointer font-medium text-sky-700 dark:text-sky-400">
                  Replace the endpoint or token{job.status === "done" ? " (the steps after this one then run again)" : ""}
                </summary>
                <div className="mt-3">
                  <ScimCredentialsForm />
                </div>
              </details>
            </>
          ) : (
            <ScimCredentialsForm />
          ))}
      </StepCard>

      <StepCard step={job} number={8}>
        {job.data && (
          <p className="text-sm">
            Job <span className="font-mono">{str(job.data.jobId)}</span>, scoped to assigned users and groups.
          </p>
        )}
        {canRun && (
          <ActionButton
            action={configureProvisioningJobAction}
            label={job.status === "done" ? "Configure again" : "Create and configure the job"}
            pendingLabel="Configuring provisioning in Entra…"
          />
        )}
      </StepCard>

      <StepCard step={assignments} number={9}>
        {assignees.length > 0 && (
          <ul className="divide-y divide-slate-200 text-sm dark:divide-slate-800" aria-label="Assigned to the application">
            {assignees.map((a) => (
              <li key={a.assignmentId} className="flex items-center justify-between gap-2 py-1.5">
                <span>
                  <span className="rounded bg-slate-100 px-1.5 text-xs dark:bg-slate-800">{a.principalType}</span> {a.displayName}
                </span>
                {canRun && <UnassignButton assignmentId={a.assignmentId} name={a.displayName} />}
              </li>
            ))}
          </ul>
        )}
        {nested.length > 0 && (
          <div
            role="note"
            className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
          >
            Entra does not provision nested groups' members to AWS. Mirror a group to have SSO Bridge keep a flat copy of it that Entra provisions, or assign
            the nested groups directly:
            <ul className="ml-5 list-disc space-y-2">
              {nested.map((n) => (
                <li key={n.group}>
                  {n.group}: {n.nested.join(", ")}
                  {canRun && n.groupId && (
                    <div className="mt-1">
                      <MirrorThisGroup groupId={n.groupId} groupName={n.group} assigned />
                    </div>
                  )}
                </li>
              ))}
            </ul>
            <Link href="/nested-groups" className="font-medium text-sky-700 underline dark:text-sky-400">
              Nested groups
            </Link>{" "}
            shows who nesting keeps out of AWS, and the mirrors.
          </div>
        )}
        {canRun && <AssignmentPicker />}
      </StepCard>

      <StepCard step={start} number={10}>
        {start.data && <p className="text-sm">Started {str(start.data.startedAt).replace("T", " ").slice(0, 19)} UTC.</p>}
        {start.available && <PreflightSummary preflight={preflight} canRun={canRun} />}
        {canRun && (
          <ActionButton
            action={startProvisioningAction}
            label={start.status === "done" ? "Start again" : "Start provisioning"}
            pendingLabel="Starting the job…"
          />
        )}
      </StepCard>
    </>
  );
}
