import type { ChangedBy } from "../../audit/record-audit-event";
import { enableIdentityCenterHelpUrl } from "../../aws/console-links";
import { listIdentityCenterInstances, type IdentityCenterInstance } from "../../aws/identity-center-instances";
import { awsConnection } from "../../connections/aws-connection";
import { AppError } from "../../errors";
import { runStep } from "../step-store";

/** The instances AWS lists now, for the operator to pick from. */
export async function discoverIdentityCenterInstances(): Promise<IdentityCenterInstance[]> {
  return listIdentityCenterInstances(await awsConnection());
}

/** Picks the IAM Identity Center instance, confirming live that AWS still has it. */
export async function chooseIdentityCenterInstance(instanceArn: string | null, by: ChangedBy) {
  return runStep("identity-center-instance", "setup.instance.choose", by, async () => {
    const connection = await awsConnection();
    const instances = await listIdentityCenterInstances(connection);
    if (instances.length === 0) {
      throw new AppError(
        "NotFound",
        `AWS has no IAM Identity Center instance that SSO Bridge can see in ${connection.region}. Enable IAM Identity Center in that region (${enableIdentityCenterHelpUrl()}), or change the region under Settings → Connections.`,
      );
    }
    const chosen = instanceArn ? instances.find((i) => i.instanceArn === instanceArn) : instances.length === 1 ? instances[0] : undefined;
    if (!chosen) {
      throw new AppError(
        instanceArn ? "NotFound" : "InvalidInput",
        instanceArn
          ? `AWS no longer lists the instance ${instanceArn} in ${connection.region}. Test the AWS connection to see the instances it has.`
          : "AWS has several IAM Identity Center instances here: choose one.",
      );
    }
    const data = {
      instanceArn: chosen.instanceArn,
      identityStoreId: chosen.identityStoreId,
      ownerAccountId: chosen.ownerAccountId,
      region: connection.region,
      name: chosen.name,
    };
    return { data, details: { after: data } };
  });
}
