import { awsClients } from "../aws/aws-clients";
import type { IdentityCenter } from "../aws/identity-center";
import { awsConnection } from "../connections/aws-connection";
import { identityCenterInstance, isConfigured } from "../federation/configured-parts";

// Where permission sets and assignments are managed: the IAM Identity Center instance the setup
// wizard chose, through the configured AWS connection.

export async function identityCenter(): Promise<IdentityCenter> {
  const { instanceArn, identityStoreId, ownerAccountId } = await identityCenterInstance();
  return { clients: awsClients(await awsConnection()), instanceArn, identityStoreId, ownerAccountId };
}

export async function accessConfigured(): Promise<boolean> {
  return isConfigured("instance");
}
