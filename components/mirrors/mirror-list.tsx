import { clearExceptionAction, confirmRemovalsAction, deleteMirrorAction, previewMirrorAction, turnMirrorOffAction } from "@/actions/mirrors";
import type { MirrorView } from "@/lib/mirrors/mirrors-view";
import { ActionButton } from "@/components/ui/action-button";
import { StatusBadge, type Tone } from "@/components/ui/status-badge";
import { MirrorSettings } from "./mirror-settings";

const STATES: Record<string, { label: string; tone: Tone }> = {
  active: { label: "Kept current", tone: "good" },
  off: { label: "Off", tone: "neutral" },
  "source-deleted": { label: "Source deleted", tone: "bad" },
  "mirror-deleted": { label: "Group deleted in Entra", tone: "bad" },
};

const listed = (names: string[]) => names.slice(0, 20).join(", ") + (names.length > 20 ? `, and ${names.length - 20} more` : "");

export function MirrorList({ mirrors, canChange, canOperate }: { mirrors: MirrorView[]; canChange: boolean; canOperate: boolean }) {
  return (
    <ul className="divide-y divide-slate-200 dark:divide-slate-800">
      {mirrors.map((m) => {
        const state = STATES[m.state] ?? { label: m.state, tone: "neutral" as Tone };
        const handEdits = (m.findings?.handAdded.length ?? 0) + (m.findings?.handRemoved.length ?? 0);
        return (
          <li key={m.id} className="space-y-2 py-4" aria-label={`Mirror of ${m.sourceName}`}>
            <div className="flex flex-wrap items-center gap-3">
              <h3 className="font-medium">{m.mirrorName}</h3>
              <StatusBadge tone={state.tone}>{state.label}</StatusBadge>
              {m.heldRemovals && <StatusBadge tone="warning">{m.heldRemovals.length} removals held</StatusBadge>}
            </div>
            <p className="text-sm text-slate-600 dark:text-slate-400">
              Mirrors “{m.sourceName}”: {m.memberCount} members
              {m.findings ? `, from ${m.findings.groupsFollowed} groups` : ""}. Last run:{" "}
              {m.lastSyncAt ? `${m.lastSyncAt.toISOString().slice(0, 16).replace("T", " ")} UTC, ${m.lastSyncOutcome ?? ""}` : (m.lastSyncOutcome ?? "not yet")}
            </p>
            {m.heldRemovals && (
              <div className="rounded-md bg-amber-50 p-3 text-sm dark:bg-amber-950">
                <p>
                  The guard held {m.heldRemovals.length} removals, more than {m.removalGuardPercent}% of the members: {listed(m.heldNames)}.
                </p>
                {canChange && (
                  <ActionButton
                    action={confirmRemovalsAction}
                    fields={{ mirrorId: m.id }}
                    label="Confirm the removals"
                    pendingLabel="Confirming…"
                    name={`Confirm the removals from ${m.mirrorName}`}
                    confirmation={`Remove ${m.heldRemovals.length} people from “${m.mirrorName}”? Entra's next cycle removes them from the group in AWS.`}
                    once
                  />
                )}
              </div>
            )}
            {m.swap?.state === "waiting" && (
              <p className={`text-sm ${m.swap.problem ? "text-amber-800 dark:text-amber-300" : "text-slate-600 dark:text-slate-400"}`}>
                Takes the place of “{m.sourceName}” in the enterprise application once Entra has brought it to AWS: SSO Bridge first gives it the AWS access
                assigned to “{m.sourceName}” there, then removes “{m.sourceName}” from the application.
                {m.swap.problem ? ` Not yet: ${m.swap.problem}` : ""}
              </p>
            )}
            {m.swap?.state === "done" && (
              <p className="text-sm text-slate-600 dark:text-slate-400">
                Assigned in place of “{m.sourceName}”, with its AWS access
                {m.swap.carried.length > 0
                  ? `: ${listed(m.swap.carried.map((c) => `${c.permissionSet} in ${c.accountName}`))}.`
                  : " (it had no AWS account assignments)."}
              </p>
            )}
            {handEdits > 0 && (
              <p className="text-sm text-amber-800 dark:text-amber-300">
                Edited by hand in Entra: {m.findings?.handAdded.length ?? 0} added, {m.findings?.handRemoved.length ?? 0} removed;{" "}
                {m.handEdits === "leave" ? "left as exceptions." : "corrected."}
              </p>
            )}
            {(m.findings?.tooDeep.length ?? 0) > 0 && (
              <p className="text-sm text-amber-800 dark:text-amber-300">
                {m.findings?.tooDeep.length} groups are nested more than 10 levels down and were not followed; their people are not in the mirror.
              </p>
            )}
            {(m.findings?.gone.length ?? 0) > 0 && (
              <p className="text-sm text-slate-600 dark:text-slate-400">{m.findings?.gone.length} people were deleted in Entra before they could be added.</p>
            )}
            {m.exceptions.length > 0 && (
              <div className="text-sm">
                <p>Hand edits left:</p>
                <ul className="ml-5 list-disc">
                  {m.exceptions.map((e) => (
                    <li key={e.userId} className="flex flex-wrap items-center gap-2">
                      {e.name} ({e.kind === "kept" ? "kept in the mirror" : "kept out of the mirror"})
                      {canChange && (
                        <ActionButton
                          action={clearExceptionAction}
                          fields={{ mirrorId: m.id, userId: e.userId }}
                          label="Stop leaving it"
                          pendingLabel="Clearing…"
                          name={`Stop leaving it: ${e.name}`}
                          secondary
                          once
                        />
                      )}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {m.state === "active" && canChange && <MirrorSettings mirrorId={m.id} handEdits={m.handEdits} removalGuardPercent={m.removalGuardPercent} />}
            <div className="flex flex-wrap gap-3">
              {m.state === "active" && canOperate && (
                <ActionButton
                  action={previewMirrorAction}
                  fields={{ sourceGroupId: m.sourceGroupId }}
                  label="Dry run"
                  pendingLabel="Reading Entra…"
                  name={`Dry run of ${m.mirrorName}`}
                  secondary
                />
              )}
              {m.state !== "off" && canChange && (
                <ActionButton
                  action={turnMirrorOffAction}
                  fields={{ mirrorId: m.id }}
                  label="Turn off"
                  pendingLabel="Turning off…"
                  name={`Turn off ${m.mirrorName}`}
                  confirmation={`Stop keeping “${m.mirrorName}” current? The group stays in Entra, and in AWS, with the members it has now.`}
                  secondary
                  once
                />
              )}
              {m.mirrorGroupId && canChange && (
                <ActionButton
                  action={deleteMirrorAction}
                  fields={{ mirrorId: m.id }}
                  label="Turn off and delete the group"
                  pendingLabel="Deleting…"
                  name={`Turn off and delete the group: ${m.mirrorName}`}
                  confirmation={`Delete “${m.mirrorName}” in Entra? Entra's next provisioning cycle removes it from AWS, with any AWS access assigned to it. This needs the Group.ReadWrite.All permission.`}
                  secondary
                  once
                />
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
