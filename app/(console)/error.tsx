"use client";

import Link from "next/link";
import { buttonClass } from "@/components/ui/form-status";

// What a console page shows when preparing it failed unexpectedly, inside the console's layout so the
// navigation stays. Pages explain the failures they expect (a cloud refusing, a setup step missing)
// themselves; this is for the rest, whose details are in the server log under the reference shown.
export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="mx-auto max-w-xl space-y-3 rounded-lg border border-red-200 bg-white p-6 dark:border-red-900 dark:bg-slate-900">
      <h1 className="text-lg font-semibold">This page could not be shown</h1>
      <p className="text-sm">
        SSO Bridge failed while preparing it. Nothing was changed. Try again; if it keeps failing, an admin can find the cause in the server log
        {error.digest ? (
          <>
            {" "}
            under the reference <code className="font-mono">{error.digest}</code>
          </>
        ) : null}
        .
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <button type="button" onClick={reset} className={buttonClass}>
          Try again
        </button>
        <Link href="/" className="text-sm font-medium text-sky-800 underline dark:text-sky-300">
          Back to the overview
        </Link>
      </div>
    </div>
  );
}
