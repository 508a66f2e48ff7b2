import type { StepStatus } from "@/lib/setup/wizard";
import { StatusBadge, type Tone } from "@/components/ui/status-badge";

const labels: Record<StepStatus, { text: string; tone: Tone }> = {
  "not-started": { text: "Not started", tone: "neutral" },
  "in-progress": { text: "In progress", tone: "neutral" },
  "waiting-for-you": { text: "Waiting for you in the AWS console", tone: "warning" },
  done: { text: "Done", tone: "good" },
  failed: { text: "Failed", tone: "bad" },
};

export function StepStatusBadge({ status }: { status: StepStatus }) {
  const l = labels[status];
  return <StatusBadge tone={l.tone}>{l.text}</StatusBadge>;
}
