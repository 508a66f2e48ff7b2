"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { checkAccessNowAction } from "@/actions/access";
import type { AccessReadingRef } from "@/lib/access/check-access-now";
import { secondaryButtonClass } from "@/components/ui/form-status";
import { LinkedText } from "@/components/ui/linked-text";

/** Asks AWS at once rather than at the readers' next turn, then redraws the card from what was read. */
export function CheckNow({ reading, what }: { reading: AccessReadingRef; what: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [problem, setProblem] = useState<string | null>(null);
  const check = () =>
    startTransition(async () => {
      const result = await checkAccessNowAction(null, { reading }).catch(() => ({ ok: false as const, error: "SSO Bridge did not answer; try again." }));
      setProblem(result.ok ? null : result.error);
      router.refresh();
    });
  return (
    <span className="flex items-center gap-2">
      {problem && (
        <span role="alert" className="text-xs text-red-700 dark:text-red-400">
          <LinkedText text={problem} />
        </span>
      )}
      <button type="button" disabled={pending} onClick={check} className={secondaryButtonClass}>
        {pending ? "Checking…" : "Check now"}
        <span className="sr-only"> for {what}</span>
      </button>
    </span>
  );
}
