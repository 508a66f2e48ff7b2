import Link from "next/link";
import { utcMinutes } from "@/lib/utc-time";
import { LinkedText } from "@/components/ui/linked-text";

// The pieces the Federation and Provisioning cards share.

export const utc = (d: Date) => `${utcMinutes(d)} UTC`;

/** A term and its expiry countdown, amber within the warning window and red once past. */
export function Countdown({ term, expiresAt, daysLeft, warnFromDays }: { term: string; expiresAt: Date; daysLeft: number; warnFromDays: number }) {
  const date = expiresAt.toISOString().slice(0, 10);
  return (
    <>
      <dt className="text-slate-500 dark:text-slate-400">{term}</dt>
      <dd className={daysLeft < 0 ? "text-red-700 dark:text-red-400" : daysLeft <= warnFromDays ? "text-amber-800 dark:text-amber-300" : undefined}>
        {daysLeft < 0 ? `expired on ${date}` : `expires in ${daysLeft} days (${date})`}
      </dd>
    </>
  );
}

/** The first problem in plain words with the link that fixes it, its label following how far setup is. */
export function FirstProblem({ problem, state, startLabel }: { problem: { message: string; href: string } | null; state: string; startLabel: string }) {
  if (!problem) return null;
  return (
    <p className={state === "broken" ? "text-red-700 dark:text-red-400" : undefined}>
      <LinkedText text={problem.message} />{" "}
      <Link href={problem.href} className="font-medium text-sky-700 underline dark:text-sky-400">
        {state === "not-configured" ? startLabel : state === "in-progress" ? "Continue setup" : "Fix it"}
      </Link>
    </p>
  );
}
