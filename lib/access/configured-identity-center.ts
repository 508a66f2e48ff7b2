import { awsClients } from "../aws/aws-clients";
import type { IdentityCenter } from "../aws/identity-center";
import { awsConnection } from "../connections/aws-connection";
import { db } from "../db";
import { AppError } from "../errors";
import { completedStep } from "../setup/step-store";

// Where permission sets and assignments are managed: the IAM Identity Center instance the setup
// wizard chose, through the configured AWS connection.

export async function identityCenter(): Promise<IdentityCenter> {
  if (!(await accessConfigured())) {
    throw new AppError("NotConfigured", "Choose the IAM Identity Center instance in setup first (“IAM Identity Center instance”); permission sets and assignments belong to it.");
  }
  const instance = await completedStep("identity-center-instance");
  return { clients: awsClients(await awsConnection()), instanceArn: instance.instanceArn, identityStoreId: instance.identityStoreId, ownerAccountId: instance.ownerAccountId };
}

export async function accessConfigured(): Promise<boolean> {
  const row = await db().setupStep.findUnique({ where: { id: "identity-center-instance" }, select: { status: true } });
  return row?.status === "done";
}
