import Link from "next/link";
import { auditHref } from "@/lib/audit/audit-query";
import type { StepView } from "@/lib/setup/wizard";
import { StepStatusBadge } from "./step-status";
import { utcMinutes } from "@/lib/utc-time";
import { LinkedText } from "@/components/ui/linked-text";

/** One wizard step: what it does, where it happens, its state, and (when it may run) its controls. */
export function StepCard({ step, number, children }: { step: StepView; number: number; children?: React.ReactNode }) {
  return (
    <section
      id={step.id}
      aria-labelledby={`${step.id}-title`}
      className="scroll-mt-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h2 id={`${step.id}-title`} className="text-base font-semibold">
          {number}. {step.title}
        </h2>
        <div className="flex items-center gap-2">
          <span className="text-xs text-slate-500 dark:text-slate-400">{step.where === "console" ? "In the AWS console" : "Automated by SSO Bridge"}</span>
          <StepStatusBadge status={step.status} />
        </div>
      </div>
      <p className="text-sm text-slate-600 dark:text-slate-400">{step.summary}</p>
      {step.problem && (
        <p
          role={step.status === "in-progress" ? "status" : "alert"}
          className={`mt-2 text-sm ${step.status === "in-progress" ? "text-slate-700 dark:text-slate-300" : "text-red-700 dark:text-red-400"}`}
        >
          <LinkedText text={step.problem} />
        </p>
      )}
      {step.updatedAt && step.updatedByLabel && (
        <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
          Last change by {step.updatedByLabel}, {utcMinutes(step.updatedAt)} UTC ·{" "}
          <Link href={auditHref({ targetType: "setup-step", targetId: step.id })} className="text-sky-700 underline dark:text-sky-400">
            History
          </Link>
        </p>
      )}
      {!step.available ? (
        <p className="mt-2 text-sm text-slate-500 dark:text-slate-400">Available once the steps above are done.</p>
      ) : step.status !== "in-progress" ? (
        <div className="mt-3 space-y-3">{children}</div>
      ) : null}
    </section>
  );
}
