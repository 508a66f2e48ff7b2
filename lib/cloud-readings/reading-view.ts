import { shownReading, watchReading, type ReadingDefinition, type StoredReading } from "./cloud-reading";

// What a page shows of a reading: what is kept, never a cloud call. Looking at it keeps it fresh,
// since the readers refresh a watched reading every few seconds.

export async function readingView<T>(def: ReadingDefinition<T>, now = new Date()): Promise<StoredReading<T>> {
  await watchReading(def, now);
  return shownReading(def, now);
}

/** "12 s ago", "3 min ago", "2 h ago": the age of a value, as a page states it. */
export function ageOf(at: Date, now = new Date()): string {
  const s = Math.max(0, Math.round((now.getTime() - at.getTime()) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3_600) return `${Math.floor(s / 60)} min ago`;
  if (s < 172_800) return `${Math.floor(s / 3_600)} h ago`;
  return `${Math.floor(s / 86_400)} days ago`;
}
