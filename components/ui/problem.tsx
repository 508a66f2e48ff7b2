import { LinkedText } from "@/components/ui/linked-text";
/** The one way a page says that something could not be read: the problem, in the words of the view that read it. */
export function Problem({ problem, tone = "error" }: { problem: string; tone?: "error" | "warning" }) {
  const colour = tone === "warning" ? "text-amber-800 dark:text-amber-300" : "text-red-700 dark:text-red-400";
  return (
    <p role="alert" className={`text-sm ${colour}`}>
      <LinkedText text={problem} />
    </p>
  );
}
