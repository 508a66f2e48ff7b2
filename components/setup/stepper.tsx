import type { StepView } from "@/lib/setup/wizard";
import { StepStatusBadge } from "./step-status";

export function Stepper({ steps, current }: { steps: StepView[]; current: string | null }) {
  return (
    <nav aria-label="Setup steps">
      <ol className="space-y-1">
        {steps.map((s, i) => (
          <li key={s.id}>
            {(i === 0 || steps[i - 1]?.section !== s.section) && (
              <p className="mt-2 px-3 text-xs font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400">
                {s.section === "federation" ? "Federation" : "Provisioning"}
              </p>
            )}
            <a
              href={`#${s.id}`}
              aria-current={s.id === current ? "step" : undefined}
              className={`flex items-center justify-between gap-2 rounded-md px-3 py-2 text-sm hover:bg-slate-100 dark:hover:bg-slate-800 ${s.id === current ? "bg-sky-50 font-medium dark:bg-sky-950" : ""}`}
            >
              <span>
                {i + 1}. {s.title}
              </span>
              <StepStatusBadge status={s.status} />
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}
