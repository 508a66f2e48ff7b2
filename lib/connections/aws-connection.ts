import { z } from "zod";
import type { ChangedBy } from "../audit/record-audit-event";
import { callerIdentity } from "../aws/caller-identity";
import { listIdentityCenterInstances } from "../aws/identity-center-instances";
import { AWS_REGION_PATTERN, type AwsConnection } from "../aws/aws-connection";
import { AppError, isAppError } from "../errors";
import { runStepsAgainAfterAwsChange } from "../setup/connection-changes";
import { connectionColumns, readConnection, saveConnection, saveConnectionTest, type ConnectionTest } from "./connection-store";

// Where SSO Bridge finds IAM Identity Center. Credentials come from the AWS default chain
// (environment, profile, instance or task role); SSO Bridge stores no access keys, only the
// region and an optional role to assume.

const ROLE_ARN = /^arn:aws(-us-gov|-cn)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

export const awsConnectionSettings = z.object({
  region: z.string().regex(AWS_REGION_PATTERN),
  roleArn: z.string().regex(ROLE_ARN).nullable(),
});
export type AwsConnectionSettings = z.infer<typeof awsConnectionSettings>;

export const awsConnectionInput = z.object({
  region: z
    .string()
    .trim()
    .toLowerCase()
    .regex(AWS_REGION_PATTERN, "Enter an AWS region code such as eu-west-1 (the region where IAM Identity Center is enabled)"),
  roleArn: z
    .string()
    .trim()
    .nullish()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || ROLE_ARN.test(v), "Enter a role ARN such as arn:aws:iam::111122223333:role/SSOBridge, or leave it empty"),
});

const awsInstanceView = z.object({
  instanceArn: z.string(),
  identityStoreId: z.string(),
  ownerAccountId: z.string(),
  name: z.string().nullable(),
  status: z.string().nullable(),
});
export type AwsInstanceView = z.infer<typeof awsInstanceView>;
const awsTestResult = z.object({ account: z.string(), arn: z.string(), instances: z.array(awsInstanceView) });
export type AwsTestResult = z.infer<typeof awsTestResult>;
export type AwsConnectionView = {
  settings: AwsConnectionSettings;
  saved: boolean;
  lastTest: ConnectionTest<AwsTestResult> | null;
};

const LABEL = "AWS connection";
const columns = connectionColumns("aws", awsConnectionSettings, awsTestResult);

export function defaultAwsSettings(env: Record<string, string | undefined> = process.env): AwsConnectionSettings {
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "";
  return { region: AWS_REGION_PATTERN.test(region) ? region : "us-east-1", roleArn: null };
}

export async function readAwsConnection(): Promise<AwsConnectionView> {
  const stored = await readConnection(columns);
  return stored ? { settings: stored.settings, saved: true, lastTest: stored.lastTest } : { settings: defaultAwsSettings(), saved: false, lastTest: null };
}

/** The saved connection; NotConfigured until an admin has saved the AWS connection. */
export async function awsConnection(): Promise<AwsConnection> {
  const view = await readAwsConnection();
  if (!view.saved) throw new AppError("NotConfigured", "Connect SSO Bridge to AWS first: Settings → Connections → AWS.");
  return view.settings;
}

export async function saveAwsConnection(input: z.input<typeof awsConnectionInput>, by: ChangedBy): Promise<AwsConnectionSettings> {
  const settings = awsConnectionInput.parse(input);
  await saveConnection(columns, settings, by, { label: LABEL }, async (tx, before) => {
    if (!before || (before.region === settings.region && before.roleArn === settings.roleArn)) return;
    // Another region or role can mean another instance: setup has to find it again.
    const reset = await runStepsAgainAfterAwsChange(tx);
    return reset.length ? { stepsToRunAgain: reset } : undefined;
  });
  return settings;
}

/** Who SSO Bridge is in AWS and which IAM Identity Center instances it can see there. */
export async function testAwsConnection(by: ChangedBy): Promise<ConnectionTest<AwsTestResult>> {
  const connection = await awsConnection();
  let test: ConnectionTest<AwsTestResult>;
  try {
    const [caller, instances] = await Promise.all([callerIdentity(connection), listIdentityCenterInstances(connection)]);
    test = {
      ok: true,
      testedAt: new Date(),
      result: {
        account: caller.account,
        arn: caller.arn,
        instances: instances.map(({ instanceArn, identityStoreId, ownerAccountId, name, status }) => ({
          instanceArn,
          identityStoreId,
          ownerAccountId,
          name,
          status,
        })),
      },
    };
  } catch (e) {
    if (!isAppError(e)) throw e;
    test = { ok: false, testedAt: new Date(), problem: e.message };
  }
  return saveConnectionTest(columns, test, by, LABEL);
}
