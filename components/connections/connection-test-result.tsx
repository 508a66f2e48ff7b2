import type { ConnectionTest } from "@/lib/connections/connection-store";
import type { AwsTestResult } from "@/lib/connections/aws-connection";
import type { EntraTestResult } from "@/lib/connections/entra-connection";
import { StatusBadge } from "@/components/ui/status-badge";

function Tested({ test }: { test: { ok: boolean; testedAt: Date } }) {
  return (
    <p className="flex items-center gap-2 text-sm">
      <StatusBadge tone={test.ok ? "good" : "bad"}>{test.ok ? "Connected" : "Failed"}</StatusBadge>
      <span className="text-slate-500 dark:text-slate-400">tested {test.testedAt.toLocaleString("en-GB", { timeZone: "UTC" })} UTC</span>
    </p>
  );
}

export function AwsTestOutcome({ test, enableHelpUrl }: { test: ConnectionTest<AwsTestResult> | null; enableHelpUrl: string }) {
  if (!test) return <p className="text-sm text-slate-600 dark:text-slate-400">Not tested since the last change.</p>;
  if (!test.ok)
    return (
      <div className="space-y-1" data-testid="aws-test">
        <Tested test={test} />
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {test.problem}
        </p>
      </div>
    );
  const { account, arn, instances } = test.result;
  return (
    <div className="space-y-2 text-sm" data-testid="aws-test">
      <Tested test={test} />
      <p>
        Signed in to account <span className="font-mono">{account}</span> as <span className="font-mono break-all">{arn}</span>.
      </p>
      {instances.length === 0 ? (
        <p className="text-amber-800 dark:text-amber-300">
          No IAM Identity Center instance here. Enable IAM Identity Center in this region (in the AWS Organizations management account for an organization
          instance) —{" "}
          <a className="underline" href={enableHelpUrl} target="_blank" rel="noreferrer">
            how to enable it
          </a>{" "}
          — then test again.
        </p>
      ) : (
        <table className="w-full text-left">
          <caption className="sr-only">IAM Identity Center instances</caption>
          <thead>
            <tr className="text-slate-500 dark:text-slate-400">
              <th scope="col" className="pr-4 font-medium">
                Instance
              </th>
              <th scope="col" className="pr-4 font-medium">
                Identity store
              </th>
              <th scope="col" className="font-medium">
                Owner account
              </th>
            </tr>
          </thead>
          <tbody>
            {instances.map((i) => (
              <tr key={i.instanceArn}>
                <td className="pr-4 font-mono break-all">
                  {i.name ? `${i.name} — ` : ""}
                  {i.instanceArn}
                </td>
                <td className="pr-4 font-mono">{i.identityStoreId}</td>
                <td className="font-mono">{i.ownerAccountId}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function EntraTestOutcome({ test }: { test: ConnectionTest<EntraTestResult> | null }) {
  if (!test) return <p className="text-sm text-slate-600 dark:text-slate-400">Not tested since the last change.</p>;
  if (!test.ok)
    return (
      <div className="space-y-1" data-testid="entra-test">
        <Tested test={test} />
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {test.problem}
        </p>
      </div>
    );
  const { granted, missing } = test.result;
  return (
    <div className="space-y-2 text-sm" data-testid="entra-test">
      <Tested test={test} />
      <p>Application permissions granted: {granted.length ? granted.join(", ") : "none"}.</p>
      {missing.length === 0 ? (
        <p className="text-emerald-700 dark:text-emerald-400">Every Microsoft Graph permission SSO Bridge needs is granted.</p>
      ) : (
        <div className="text-amber-800 dark:text-amber-300">
          <p>Missing application permissions (grant them with admin consent under the app registration's API permissions):</p>
          <ul className="ml-5 list-disc">
            {missing.map((m) => (
              <li key={m.permission}>
                <span className="font-mono">{m.permission}</span>, needed for {m.neededFor.join(", ")}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
