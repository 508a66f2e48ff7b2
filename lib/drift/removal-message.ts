import type { RemovalOutcome } from "./aws-only-fixes";

// What a removal from the Drift page tells the person: each object's fate, in one message.

const list = (names: string[]) => (names.length <= 5 ? names.join(", ") : `${names.slice(0, 5).join(", ")} and ${names.length - 5} more`);

export function removalMessage(o: RemovalOutcome): string {
  const parts: string[] = [];
  if (o.removed.length) parts.push(`Removed from AWS: ${list(o.removed)}.`);
  if (o.gone.length) parts.push(`Already gone from AWS: ${list(o.gone)}.`);
  if (o.changed.length) parts.push(`Changed in AWS since the scan, so left alone: ${list(o.changed)}. Scan again to see them as they are now.`);
  for (const f of o.failed) parts.push(`Not removed: ${f.subject}: ${f.problem}`);
  return parts.join(" ");
}
