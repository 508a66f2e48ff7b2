import Link from "next/link";
import type { LabSetting } from "@/lib/settings";

// While a lab setting is on, SSO Bridge may be pointed at its own network: every console page says so,
// so a lab setting left on in production does not go unnoticed.

const WHERE: Record<LabSetting, { anchor: string; opens: string }> = {
  allowLabScimEndpoints: { anchor: "lab-scim-endpoints", opens: "SCIM checks" },
  allowLabWebhooks: { anchor: "lab-webhooks", opens: "webhook deliveries" },
};

export function LabModeBanner({ on }: { on: { setting: LabSetting; label: string }[] }) {
  if (on.length === 0) return null;
  return (
    <aside
      aria-label="Lab mode"
      className="border-b border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
    >
      <span className="font-medium">Lab mode: </span>
      {on.map((s, i) => (
        <span key={s.setting}>
          {i > 0 && " and "}
          <Link href={`/settings#${WHERE[s.setting].anchor}`} className="font-medium underline">
            {s.label}
          </Link>
        </span>
      ))}
      {on.length === 1 ? " is" : " are"} on: SSO Bridge may send {on.map((s) => WHERE[s.setting].opens).join(" and ")} to private networks and over plain HTTP.
      Turn {on.length === 1 ? "it" : "them"} off in production.
    </aside>
  );
}
