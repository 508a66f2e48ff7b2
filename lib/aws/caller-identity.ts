import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { awsClients } from "./aws-clients";
import { awsError } from "./aws-errors";
import type { AwsConnection } from "./aws-connection";

// Who SSO Bridge is in AWS: the account and principal its credentials (or the assumed role) stand for.

export type CallerIdentity = { account: string; arn: string; userId: string };

const answer = z.object({
  Account: z.string().regex(/^\d{12}$/),
  Arn: z.string().regex(/^arn:aws[a-z-]*:(iam|sts)::\d{12}:/),
  UserId: z.string().min(1),
});

export async function callerIdentity(connection: AwsConnection): Promise<CallerIdentity> {
  let output: unknown;
  try {
    output = await awsClients(connection).sts.send(new GetCallerIdentityCommand({}));
  } catch (e) {
    throw awsError(e, "identify SSO Bridge's AWS principal (sts:GetCallerIdentity)");
  }
  const parsed = answer.safeParse(output);
  if (!parsed.success) throw new AppError("CloudRejected", "AWS STS answered GetCallerIdentity without a valid account, ARN and user id.");
  return { account: parsed.data.Account, arn: parsed.data.Arn, userId: parsed.data.UserId };
}
