import type { ChangedBy } from "../../audit/record-audit-event";
import { entraConnection } from "../../connections/entra-connection";
import { ensureAwsEnterpriseApp, getEnterpriseApp, listAwsEnterpriseApps, type EnterpriseApp } from "../../entra/aws-gallery-app";
import { openGraph } from "../../entra/graph-session";
import { AppError } from "../../errors";
import { readStoredSteps, runStep } from "../step-store";
import { stepData } from "../step-data";

export type EnterpriseAppChoice = { mode: "create"; displayName: string } | { mode: "adopt"; servicePrincipalId: string };

export const DEFAULT_APP_NAME = "AWS IAM Identity Center";

/** The AWS gallery apps already in the tenant, for the operator to adopt one. */
export async function adoptableEnterpriseApps(): Promise<EnterpriseApp[]> {
  return listAwsEnterpriseApps(openGraph(await entraConnection()));
}

/**
 * Creates the enterprise application from the gallery or adopts one. A rerun never makes a second
 * app: it keeps the app the step already has, or adopts a gallery app of the same name.
 */
export async function createOrAdoptEnterpriseApp(choice: EnterpriseAppChoice, by: ChangedBy) {
  return runStep("enterprise-app", choice.mode === "create" ? "setup.enterprise-app.create" : "setup.enterprise-app.adopt", by, async () => {
    const session = openGraph(await entraConnection());
    if (choice.mode === "adopt") {
      const app = (await listAwsEnterpriseApps(session)).find((a) => a.servicePrincipalId === choice.servicePrincipalId);
      if (!app)
        throw new AppError(
          "NotFound",
          "That application is not an AWS IAM Identity Center gallery application in this tenant any more. Refresh the list and choose again.",
        );
      return { data: { ...app, adopted: true }, details: { adopted: app } };
    }
    const previous = stepData["enterprise-app"].safeParse((await readStoredSteps()).get("enterprise-app")?.data);
    if (previous.success && (await getEnterpriseApp(session, previous.data.servicePrincipalId))) {
      return { data: previous.data, details: { kept: previous.data } };
    }
    const { app, created } = await ensureAwsEnterpriseApp(session, choice.displayName);
    return { data: { ...app, adopted: !created }, details: created ? { created: app } : { adoptedSameName: app } };
  });
}
