"use client";

import { useActionState, useState } from "react";
import { pauseProvisioningAction, restartProvisioningAction, resumeProvisioningAction } from "@/actions/provisioning";
import { ActionButton } from "@/components/ui/action-button";
import { buttonClass, FormStatus } from "@/components/ui/form-status";
import { ActionForm } from "@/components/ui/action-form";

const SCOPES = [
  {
    id: "QuarantineState",
    label: "Quarantine state",
    help: "Lifts a quarantine so the job runs again; what the admin center's Restart does with the next two.",
  },
  { id: "Watermark", label: "Watermark", help: "Re-evaluates every user and group instead of only the changes since the last cycle." },
  { id: "Escrows", label: "Escrows", help: "Forgets the failures Entra was waiting to retry." },
  { id: "ForceDeletes", label: "Force deletes", help: "Lets deletions through that Entra held back because too many were pending.", sweeping: true },
  {
    id: "Full",
    label: "Full",
    help: "Clears everything Entra remembers about AWS and starts over: the next cycle is a full, slow initial cycle.",
    sweeping: true,
  },
] as const;

const JOB_STATES: Record<string, string> = {
  Active: "running",
  Paused: "paused",
  Quarantine: "in quarantine",
  NotRun: "not started yet",
  NotConfigured: "not configured",
};

/**
 * Pause, resume and restart, with the state the job is in now (as last read from Entra). A restart
 * that can delete or redo everything needs a ticked confirmation.
 */
export function JobControls({ jobCode }: { jobCode: string | null }) {
  const [chosen, setChosen] = useState<Set<string>>(new Set(["QuarantineState", "Watermark", "Escrows"]));
  const [confirmed, setConfirmed] = useState(false);
  const [state, restart, restarting] = useActionState(restartProvisioningAction, null);
  const sweeping = SCOPES.some((s) => "sweeping" in s && chosen.has(s.id));
  const toggle = (id: string) =>
    setChosen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <div className="space-y-4">
      <p className="text-sm" data-testid="job-state">
        {jobCode ? (
          <>
            The job is <strong>{JOB_STATES[jobCode] ?? jobCode}</strong>.
          </>
        ) : (
          "The job's state has not been read yet."
        )}
      </p>
      <div className="flex flex-wrap gap-6">
        <ActionButton action={pauseProvisioningAction} label="Pause" pendingLabel="Pausing the job…" />
        <ActionButton action={resumeProvisioningAction} label="Resume" pendingLabel="Resuming the job…" />
      </div>
      <ActionForm action={restart} className="space-y-2">
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium">Restart, resetting</legend>
          {SCOPES.map((s) => (
            <label key={s.id} className="flex items-start gap-2 text-sm">
              <input type="checkbox" className="mt-1" checked={chosen.has(s.id)} onChange={() => toggle(s.id)} aria-describedby={`scope-${s.id}`} />
              <span>
                <span className="font-medium">{s.label}</span>{" "}
                <span id={`scope-${s.id}`} className="text-slate-600 dark:text-slate-400">
                  {s.help}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
        <input type="hidden" name="resetScope" value={[...chosen].join(",")} />
        {sweeping && (
          <label className="flex items-start gap-2 rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
            <input type="checkbox" name="confirmed" className="mt-1" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
            <span>I understand that this restart may delete users and groups in AWS or re-send every one of them.</span>
          </label>
        )}
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" className={buttonClass} disabled={restarting || chosen.size === 0 || (sweeping && !confirmed)}>
            {restarting ? "Restarting…" : "Restart"}
          </button>
          {restarting ? (
            <span role="status" className="text-sm text-slate-600 dark:text-slate-400">
              Restarting the job…
            </span>
          ) : (
            <FormStatus state={state} />
          )}
        </div>
      </ActionForm>
    </div>
  );
}
