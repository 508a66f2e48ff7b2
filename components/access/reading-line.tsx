import type { StoredReading } from "@/lib/cloud-readings/cloud-reading";
import { ReadingAge } from "@/components/ui/reading-age";

/** How old what the card shows is, beside the button that reads it again at once. */
export function ReadingLine({ reading, check }: { reading: StoredReading<unknown>; check: React.ReactNode }) {
  return (
    <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
      <ReadingAge reading={reading} />
      {check}
    </div>
  );
}

/** Said where the value will be, until the readers' first read of it: the page redraws when it is stored. */
export function FirstRead({ reading, what }: { reading: StoredReading<unknown>; what: string }) {
  if (reading.value !== null || reading.problem) return null;
  return (
    <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
      Reading {what} from AWS; it shows here in a moment.
    </p>
  );
}
