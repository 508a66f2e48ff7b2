import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { AppError } from "@/lib/errors";
import { awsError } from "./aws-errors";

// Temporary credentials for an IAM role, assumed with whatever the default chain provides.
// A small memoized provider over STSClient rather than @aws-sdk/credential-providers'
// fromTemporaryCredentials: one package fewer to keep in step with the clients' versions, and the
// refresh rule is visible here. Credentials are renewed a few minutes before they expire, and
// concurrent callers share one AssumeRole call.

export const ROLE_SESSION_NAME = "sso-bridge";
const REFRESH_BEFORE_EXPIRY_MS = 5 * 60 * 1000;

export type TemporaryCredentials = { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: Date };

export function roleCredentials(sts: STSClient, roleArn: string, now: () => number = Date.now): () => Promise<TemporaryCredentials> {
  let current: TemporaryCredentials | undefined;
  let refreshing: Promise<TemporaryCredentials> | undefined;

  const assume = async (): Promise<TemporaryCredentials> => {
    let c;
    try {
      ({ Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: ROLE_SESSION_NAME })));
    } catch (e) {
      // Said here, or the failure would read as a denial of whatever call needed the credentials.
      throw awsError(e, `assume the role ${roleArn} (check its trust policy and sts:AssumeRole for SSO Bridge's identity)`);
    }
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !(c.Expiration instanceof Date)) {
      throw new AppError("CloudRejected", `AWS STS answered AssumeRole for ${roleArn} without complete temporary credentials.`);
    }
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
  };

  return async () => {
    if (current && current.expiration.getTime() - now() > REFRESH_BEFORE_EXPIRY_MS) return current;
    refreshing ??= assume().then(
      (fresh) => {
        current = fresh;
        refreshing = undefined;
        return fresh;
      },
      (e: unknown) => {
        // A failure is not cached: the next call asks STS again.
        refreshing = undefined;
        throw e;
      },
    );
    return refreshing;
  };
}
