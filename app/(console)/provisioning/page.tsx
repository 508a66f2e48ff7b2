import { Suspense } from "react";
import { pageUser } from "@/lib/auth/session";
import { auditHref } from "@/lib/audit/audit-query";
import { parseLogQuery } from "@/lib/provisioning/log-query";
import { provisioningCardView } from "@/lib/provisioning/provisioning-card-view";
import { latestCycleFailures, provisioningHistory } from "@/lib/provisioning/provisioning-history";
import { logFilterChoices, provisioningLogView } from "@/lib/provisioning/provisioning-log-view";
import { provisioningConfigured } from "@/lib/provisioning/provisioning-job-ref";
import { scimTokenView } from "@/lib/provisioning/scim-token-view";
import { canConfigureFederation } from "@/lib/security/permissions";
import { JobControls } from "@/components/provisioning/job-controls";
import { LogFilters } from "@/components/provisioning/log-filters";
import { LogTable } from "@/components/provisioning/log-table";
import { OnDemandForm } from "@/components/provisioning/on-demand-form";
import { RotateScimTokenForm } from "@/components/provisioning/rotate-scim-token-form";
import { ProvisioningCard } from "@/components/overview/provisioning-card";
import { CycleFailures } from "@/components/provisioning/cycle-failures";
import { HistoryChart } from "@/components/provisioning/history-chart";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { RefreshWhileOpen } from "@/components/ui/refresh-while-open";

export const metadata = { title: "Provisioning" };

export default async function ProvisioningPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await pageUser();
  const header = <PageHeader title="Provisioning" description="Entra ID provisioning to AWS: the job's state, its controls and the provisioning log." />;
  if (!(await provisioningConfigured())) {
    return (
      <>
        {header}
        <EmptyState title="Provisioning is not set up" action={{ href: "/setup#scim-credentials", label: "Set up provisioning" }}>
          Once the SCIM endpoint and token are saved and the Entra provisioning job is configured, this page shows the job&apos;s state, lets operators pause,
          resume and restart it, and explains every failure in the provisioning log.
        </EmptyState>
      </>
    );
  }
  const query = parseLogQuery(await searchParams);
  const canControl = canConfigureFederation(user);
  // The job and the log as the readers last stored them: the page refreshes itself without asking Graph.
  const [failures, history, job, token] = await Promise.all([latestCycleFailures(), provisioningHistory(), provisioningCardView(), scimTokenView()]);
  const log = provisioningLogView(query);
  return (
    <div className="space-y-4">
      {header}
      {/* The job and new log entries are kept as they arrive; the page shows them without a reload. */}
      <RefreshWhileOpen />
      <ProvisioningCard loaded={job} />
      <CycleFailures latest={failures} />
      {canControl && (
        <div className="grid gap-4 lg:grid-cols-2">
          <div id="job-controls" className="scroll-mt-4">
            <Card title="Job controls">
              <JobControls jobCode={job.ok ? job.data.jobCode : null} />
              <p className="mt-3 text-sm">
                <a href={auditHref({ targetType: "provisioning-job" })} className="text-sky-700 underline dark:text-sky-400">
                  History of the job&apos;s controls
                </a>
              </p>
            </Card>
          </div>
          <Card title="Provision a user on demand">
            <OnDemandForm />
          </Card>
          <div id="scim-token" className="scroll-mt-4 lg:col-span-2">
            <Card title="Rotate SCIM token">
              <RotateScimTokenForm current={token} />
            </Card>
          </div>
        </div>
      )}
      <Card title="History">
        <HistoryChart history={history} />
      </Card>
      <section
        id="log"
        aria-labelledby="log-title"
        className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900"
      >
        <h2 id="log-title" className="mb-3 text-base font-semibold">
          Provisioning log
        </h2>
        <div className="space-y-4">
          <LogFilters values={query.form} choices={logFilterChoices} />
          {query.problems.map((p) => (
            <p key={p} role="alert" className="text-sm text-amber-800 dark:text-amber-300">
              {p}
            </p>
          ))}
          <Suspense
            key={JSON.stringify(query.form)}
            fallback={
              <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
                Loading the provisioning log…
              </p>
            }
          >
            <LogTable query={query} reading={log} />
          </Suspense>
        </div>
      </section>
    </div>
  );
}
