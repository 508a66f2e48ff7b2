import { ageOf } from "@/lib/cloud-readings/reading-view";
import { LinkedText } from "@/components/ui/linked-text";

/**
 * The age of what a card shows, and why it is not fresher when a read failed: the last good state
 * stays on screen with the reason, rather than giving way to an error.
 */
export function ReadingAge({ reading, now = new Date() }: { reading: { readAt: Date | null; problem: string | null; refreshing: boolean }; now?: Date }) {
  return (
    <p className="text-xs text-slate-500 dark:text-slate-400" data-testid="reading-age">
      {reading.readAt ? <>As of {ageOf(reading.readAt, now)}</> : <>Not read yet</>}
      {reading.refreshing && <span role="status"> · refreshing…</span>}
      {reading.problem && (
        <span className="text-amber-800 dark:text-amber-300">
          {" "}
          · {reading.readAt ? "The last read failed: " : ""}
          <LinkedText text={reading.problem} />
        </span>
      )}
    </p>
  );
}
