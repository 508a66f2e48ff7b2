import { pageUser } from "@/lib/auth/session";
import { driftDeleteLimit } from "@/lib/config";
import { keptObjects } from "@/lib/drift/aws-only";
import { parseDriftQuery } from "@/lib/drift/drift-query";
import { driftHistory, driftScans, scanFindings, timeLeftMs } from "@/lib/drift/drift-view";
import { isConfigured } from "@/lib/federation/configured-parts";
import { provisioningConfigured } from "@/lib/provisioning/provisioning-job-ref";
import { canConfigureFederation, canOperate } from "@/lib/security/permissions";
import { DriftHistory } from "@/components/drift/drift-history";
import { ExportLinks, FindingCounts, FindingsTable } from "@/components/drift/findings";
import { KeptObjects } from "@/components/drift/kept-objects";
import { ScanPanel } from "@/components/drift/scan-panel";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Drift" };

export default async function DriftPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await pageUser();
  const header = (
    <PageHeader
      title="Drift"
      description="Whether everyone in the enterprise application's scope is in the AWS identity store as Entra would provision them; if not, why, and what to do."
    />
  );
  if (!(await isConfigured("instance")) || !(await isConfigured("enterpriseApp"))) {
    return (
      <>
        {header}
        <EmptyState title="Nothing to compare yet" action={{ href: "/setup", label: "Go to setup" }}>
          A drift scan compares the users and groups in the enterprise application&apos;s scope in Entra ID with the AWS identity store. Choose the IAM Identity
          Center instance and the enterprise application in setup first.
        </EmptyState>
      </>
    );
  }
  const query = parseDriftQuery(await searchParams);
  const [{ running, newest, complete }, history, kept] = await Promise.all([driftScans(), driftHistory(), keptObjects()]);
  const page = complete ? await scanFindings(complete.id, query) : null;
  const canFix = canConfigureFederation(user);
  const canProvision = canFix && (await provisioningConfigured());
  return (
    <div className="space-y-4">
      {header}
      <ScanPanel running={running} newest={newest} complete={complete} timeLeftMs={running ? timeLeftMs(running, complete) : null} canRun={canOperate(user)} />
      {complete && page ? (
        <Card title="Findings">
          <div className="space-y-4">
            <FindingCounts scan={complete} query={query} />
            {complete.total > 0 && <ExportLinks query={query} />}
            <FindingsTable
              scanId={complete.id}
              findings={page.findings}
              total={page.total}
              query={query}
              canProvision={canProvision}
              canFix={canFix}
              deleteLimit={driftDeleteLimit()}
            />
            <DriftHistory scans={history} />
          </div>
        </Card>
      ) : (
        !running && (
          <EmptyState title="No drift scan has finished yet">
            Run a scan: it lists everyone in scope who is missing in AWS, everything only AWS has, attributes and memberships that differ, each with its reason
            and fix.
          </EmptyState>
        )
      )}
      {kept.length > 0 && <KeptObjects kept={kept} canChange={canFix} />}
    </div>
  );
}
