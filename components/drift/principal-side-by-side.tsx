import type { PrincipalView } from "@/lib/drift/principal-view";
import { FINDING_TITLES } from "@/lib/drift/finding-explanations";
import { utcMinutes } from "@/lib/utc-time";
import { Card } from "@/components/ui/card";
import { StatusBadge, type Tone } from "@/components/ui/status-badge";

const shown = (v: string | boolean | null) => (v === null ? "(none)" : typeof v === "boolean" ? (v ? "yes" : "no") : v);
const tones: Record<string, Tone> = { success: "good", failure: "bad", warning: "warning", skipped: "neutral", unknown: "neutral" };
const cell = "py-2 pr-4 align-top";

/** One user in both directories: each mapped attribute, Entra's attempts at it, and the latest scan's findings. */
export function PrincipalSideBySide({ view }: { view: PrincipalView }) {
  const { entra, aws, rows, history, findings } = view;
  return (
    <>
      <Card title="Attributes">
        <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
          {entra ? "Entra: as provisioning would send it." : "Entra: no such user."}{" "}
          {aws ? `AWS: user ${aws.id}${aws.externalIds.length ? `, external id ${aws.externalIds.join(", ")}` : ", no external id"}.` : "AWS has no such user."}
        </p>
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="principal-attributes">
            <caption className="sr-only">Mapped attributes in Entra and in AWS</caption>
            <thead className="border-b border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-400">
              <tr>
                <th scope="col" className={`${cell} font-medium`}>
                  Attribute
                </th>
                <th scope="col" className={`${cell} font-medium`}>
                  Entra
                </th>
                <th scope="col" className={`${cell} font-medium`}>
                  AWS
                </th>
                <th scope="col" className={`${cell} font-medium`}>
                  Same
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.attribute} className="border-b border-slate-100 dark:border-slate-800" data-same={r.same}>
                  <th scope="row" className={`${cell} font-normal`}>
                    {r.label}
                  </th>
                  <td className={`${cell} break-all`}>{entra ? shown(r.entra) : "—"}</td>
                  <td className={`${cell} break-all`}>{aws ? shown(r.aws) : "—"}</td>
                  <td className={cell}>{entra && aws ? r.same ? "yes" : <strong className="text-amber-800 dark:text-amber-300">differs</strong> : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
      <Card title="What the latest scan found">
        {findings.length === 0 ? (
          <p className="text-sm">Nothing about this user.</p>
        ) : (
          <ul className="space-y-2 text-sm">
            {findings.map((f) => (
              <li key={f.seq}>
                <span className="font-medium">{FINDING_TITLES[f.kind]}</span>
                {f.group && ` in ${f.group}`}: {f.reason} <span className="text-slate-600 dark:text-slate-400">{f.fix}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="Provisioning history">
        {history.length === 0 ? (
          <p className="text-sm">The provisioning log SSO Bridge keeps holds no attempt at this user.</p>
        ) : (
          <table className="w-full text-left text-sm" data-testid="principal-history">
            <caption className="sr-only">Entra&apos;s provisioning attempts at this user, newest first</caption>
            <thead className="border-b border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-400">
              <tr>
                <th scope="col" className={`${cell} font-medium`}>
                  Time (UTC)
                </th>
                <th scope="col" className={`${cell} font-medium`}>
                  Action
                </th>
                <th scope="col" className={`${cell} font-medium`}>
                  Outcome
                </th>
                <th scope="col" className={`${cell} font-medium`}>
                  Reason
                </th>
              </tr>
            </thead>
            <tbody>
              {history.map((e) => (
                <tr key={e.id} className="border-b border-slate-100 dark:border-slate-800">
                  <td className={`${cell} whitespace-nowrap`}>{utcMinutes(e.activityDateTime)}</td>
                  <td className={cell}>{e.action}</td>
                  <td className={cell}>
                    <StatusBadge tone={tones[e.status] ?? "neutral"}>{e.status}</StatusBadge>
                  </td>
                  <td className={cell}>{e.errorReason ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </>
  );
}
