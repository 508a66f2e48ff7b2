"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { refreshOperationsAction } from "@/actions/access";

const EVERY_MS = 2_000;

/** While AWS works on requests, asks about them every few seconds and redraws the page when one ends. */
export function OperationsRefresher({ pending, scope }: { pending: number; scope: { accountId?: string; permissionSetArn?: string } }) {
  const router = useRouter();
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    const ask = () =>
      refreshOperationsAction(null, scope).then(
        (result) => {
          if (!result.ok) setProblem(result.error);
          else if (result.data.pending < pending) router.refresh();
        },
        // The server did not answer (offline, restarting): say so, and ask again at the next tick.
        () => setProblem("SSO Bridge did not answer; trying again"),
      );
    const timer = setInterval(() => void ask(), EVERY_MS);
    return () => clearInterval(timer);
  }, [router, pending, scope]);
  return (
    <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
      AWS is working on {pending} {pending === 1 ? "request" : "requests"}…{problem ? ` (${problem})` : ""}
    </p>
  );
}
