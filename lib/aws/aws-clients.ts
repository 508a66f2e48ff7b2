import { IdentitystoreClient } from "@aws-sdk/client-identitystore";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { SSOAdminClient } from "@aws-sdk/client-sso-admin";
import { STSClient } from "@aws-sdk/client-sts";
import { AppError } from "@/lib/errors";
import { AWS_REGION_PATTERN, type AwsConnection } from "./aws-connection";
import { roleCredentials } from "./role-credentials";
import { ThrottlingOnlyRetryStrategy } from "./write-retries";

// The SDK clients SSO Bridge uses, one set per connection so credentials are fetched once and then
// refreshed, not per call. Everything else is the SDK's standard configuration: the default
// credential chain, AWS_ENDPOINT_URL(_<SERVICE>), AWS_PROFILE and so on.

export type AwsClients = {
  ssoAdmin: SSOAdminClient;
  /** sso-admin for every call that changes something: retried only when AWS throttled it (write-retries.ts) */
  ssoAdminWrites: SSOAdminClient;
  identityStore: IdentitystoreClient;
  /** the identity store for every call that changes something, retried as ssoAdminWrites is */
  identityStoreWrites: IdentitystoreClient;
  organizations: OrganizationsClient;
  sts: STSClient;
};

// IAM Identity Center allows about 20 requests a second across its APIs; a few more attempts than
// the SDK's default 3 ride out a burst of throttling. AWS_MAX_ATTEMPTS and AWS_RETRY_MODE, the
// standard settings, still take precedence.
const MAX_ATTEMPTS = 5;
const ROLE_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

const cache = new Map<string, { clients: AwsClients; destroy(): void }>();

export function awsClients(connection: AwsConnection): AwsClients {
  const region = connection.region.trim();
  if (!AWS_REGION_PATTERN.test(region))
    throw new AppError("NotConfigured", `"${connection.region}" is not an AWS region; set the region of your IAM Identity Center instance, e.g. eu-west-1.`);
  const roleArn = connection.roleArn?.trim() || null;
  if (roleArn && !ROLE_ARN.test(roleArn)) throw new AppError("InvalidInput", `"${roleArn}" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>).`);

  const key = `${region} ${roleArn ?? ""}`;
  let entry = cache.get(key);
  if (!entry) {
    entry = create(region, roleArn);
    cache.set(key, entry);
  }
  return entry.clients;
}

/** Forgets every cached client, e.g. after the AWS settings change, so the next call reads them afresh. */
export function resetAwsClients(): void {
  for (const entry of cache.values()) entry.destroy();
  cache.clear();
}

function create(region: string, roleArn: string | null): { clients: AwsClients; destroy(): void } {
  const base = {
    region,
    ...(process.env.AWS_MAX_ATTEMPTS ? {} : { maxAttempts: MAX_ATTEMPTS }),
    ...(process.env.AWS_RETRY_MODE ? {} : { retryMode: "standard" }),
  };
  // The role is assumed with the default chain's credentials, through a client of its own.
  const assumer = roleArn ? new STSClient(base) : null;
  const credentials = assumer && roleArn ? { credentials: roleCredentials(assumer, roleArn) } : {};
  const clients: AwsClients = {
    ssoAdmin: new SSOAdminClient({ ...base, ...credentials }),
    ssoAdminWrites: writesClient((retryStrategy) => new SSOAdminClient({ ...base, ...credentials, retryStrategy })),
    identityStore: new IdentitystoreClient({ ...base, ...credentials }),
    identityStoreWrites: writesClient((retryStrategy) => new IdentitystoreClient({ ...base, ...credentials, retryStrategy })),
    organizations: new OrganizationsClient({ ...base, ...credentials, region: organizationsRegion(region) }),
    sts: new STSClient({ ...base, ...credentials }),
  };
  return {
    clients,
    destroy: () => {
      for (const client of [...Object.values(clients), assumer]) client?.destroy();
    },
  };
}

/** A client whose attempts are counted as the read client's are (AWS_MAX_ATTEMPTS, the profile, else ours), but spent on throttling only. */
function writesClient<C extends { config: { maxAttempts: () => Promise<number> } }>(make: (retryStrategy: ThrottlingOnlyRetryStrategy) => C): C {
  const client: C = make(new ThrottlingOnlyRetryStrategy(() => client.config.maxAttempts()));
  return client;
}

/** Organizations is a global service with one home region per partition. */
export function organizationsRegion(region: string): string {
  if (region.startsWith("cn-")) return "cn-northwest-1";
  if (region.startsWith("us-gov-")) return "us-gov-west-1";
  return "us-east-1";
}
