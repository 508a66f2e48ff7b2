import { DescribePermissionSetCommand } from "@aws-sdk/client-sso-admin";
import { AppError } from "../errors";
import { awsError, UncertainWrite } from "./aws-errors";
import type { IdentityCenter } from "./identity-center";
import { permissionSetArns } from "./permission-sets";

// When AWS's answer to CreatePermissionSet is lost, the set may exist all the same. AWS has no
// client token for it and no look-up by name, so the sets are listed and described, newest first
// as far as the list tells, a few at a time and no more than a bound, until one has the name.

/** How many sets are described at most: IAM Identity Center holds up to 2,000, at about 20 requests a second. */
export const LOOKUP_LIMIT = 500;
const DESCRIBE_AT_ONCE = 4;
// AWS records the creation on its clock and SSO Bridge the attempt on its own; NTP keeps them within
// a second or two, and a set of the same name from before the attempt would have made AWS refuse it.
export const CLOCK_SKEW_MS = 60_000;

export type FoundPermissionSet = { arn: string; createdAt: Date | null };

/**
 * Settles a create whose answer was lost: the set AWS made when it was created at or after the
 * attempt began, or else the original failure, saying what was found.
 */
export async function findLostCreate(t: IdentityCenter, name: string, attempted: Date, failure: UncertainWrite): Promise<FoundPermissionSet> {
  let found: { arn: string; createdAt: Date | null } | null;
  let complete: boolean;
  try {
    ({ found, complete } = await permissionSetNamed(t, name));
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    throw new AppError(
      failure.code,
      `${failure.message} SSO Bridge could not check whether AWS created it anyway (${e.message}); look for ${name} in AWS before creating it again.`,
    );
  }
  if (found && (!found.createdAt || found.createdAt.getTime() >= attempted.getTime() - CLOCK_SKEW_MS)) return found;
  if (found)
    throw new AppError("Conflict", `${failure.message} A permission set named ${name} already existed before this attempt, so AWS did not create another.`);
  if (!complete)
    throw new AppError(
      failure.code,
      `${failure.message} SSO Bridge looked through ${LOOKUP_LIMIT} permission sets and did not find ${name}; look for it in AWS before creating it again.`,
    );
  throw new AppError(failure.code, `${failure.message} AWS did not create it: there is no permission set named ${name}.`);
}

async function permissionSetNamed(t: IdentityCenter, name: string): Promise<{ found: FoundPermissionSet | null; complete: boolean }> {
  const arns = await permissionSetArns(t);
  const newestFirst = arns.reverse().slice(0, LOOKUP_LIMIT);
  for (let i = 0; i < newestFirst.length; i += DESCRIBE_AT_ONCE) {
    const described = await Promise.all(newestFirst.slice(i, i + DESCRIBE_AT_ONCE).map((arn) => describe(t, arn)));
    const match = described.find((ps) => ps?.name === name);
    if (match) return { found: { arn: match.arn, createdAt: match.createdAt }, complete: true };
  }
  return { found: null, complete: arns.length <= LOOKUP_LIMIT };
}

async function describe(t: IdentityCenter, arn: string): Promise<{ arn: string; name: string; createdAt: Date | null } | null> {
  try {
    const { PermissionSet: ps } = await t.clients.ssoAdmin.send(new DescribePermissionSetCommand({ InstanceArn: t.instanceArn, PermissionSetArn: arn }));
    return ps?.Name ? { arn: ps.PermissionSetArn ?? arn, name: ps.Name, createdAt: ps.CreatedDate ?? null } : null;
  } catch (e) {
    // Deleted between the list and now: it is not the one being looked for.
    if ((e as Error).name === "ResourceNotFoundException") return null;
    throw awsError(e, "describe a permission set (sso:DescribePermissionSet)");
  }
}
