import type { AwsClients } from "./aws-clients";

// An IAM Identity Center instance as SSO Bridge reaches it: through the SDK clients of an AWS
// connection, addressed by the instance's ARN and identity store.

export type IdentityCenter = { clients: AwsClients; instanceArn: string; identityStoreId: string; ownerAccountId: string };
