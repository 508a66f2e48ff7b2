import crypto from "node:crypto";
import type { AwsWorld, StsSession } from "../world";
import { principalId, type Caller } from "./caller";
import { StsError, type XmlValue } from "./query-protocol";

// sts:AssumeRole against the world's roles. Input is checked the way STS's request validation
// words it (all problems at once), then the role must exist in an account of the organization.

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]*$/;
const DEFAULT_DURATION_SECONDS = 3600;
// A role assumed with a role session's credentials may last at most an hour.
const CHAINED_MAX_SECONDS = 3600;

export function assumeRole(world: AwsWorld, caller: Caller, params: Record<string, string>, now: Date = new Date()): Record<string, XmlValue> {
  const { roleArn, sessionName, durationSeconds } = validate(params);
  const match = ROLE_ARN.exec(roleArn);
  if (!match) throw new StsError("ValidationError", "Request ARN is invalid");
  const [, accountId, roleName] = match as unknown as [string, string, string];
  if (!world.organization.accounts.has(accountId) || !world.iamRoles.has(roleArn)) {
    throw new StsError("AccessDenied", `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
  }
  if (caller.assumedRole && durationSeconds > CHAINED_MAX_SECONDS) {
    throw new StsError("ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
  }

  const session: StsSession = {
    accessKeyId: `ASIA${randomChars(16)}`,
    secretAccessKey: crypto.randomBytes(30).toString("base64"),
    sessionToken: crypto.randomBytes(192).toString("base64"),
    expiration: new Date(now.getTime() + durationSeconds * 1000),
    roleArn,
    assumedRoleArn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
    assumedRoleId: `${principalId("AROA", roleArn)}:${sessionName}`,
    accountId,
  };
  forgetExpired(world, now);
  world.sts.sessions.set(session.accessKeyId, session);
  return {
    Credentials: {
      AccessKeyId: session.accessKeyId,
      SecretAccessKey: session.secretAccessKey,
      SessionToken: session.sessionToken,
      Expiration: session.expiration,
    },
    AssumedRoleUser: { AssumedRoleId: session.assumedRoleId, Arn: session.assumedRoleArn },
  };
}

function validate(params: Record<string, string>): { roleArn: string; sessionName: string; durationSeconds: number } {
  const problems: string[] = [];
  const roleArn = params.RoleArn;
  const sessionName = params.RoleSessionName;
  if (roleArn === undefined) problems.push("Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
  else if (roleArn.length < 20)
    problems.push(`Value '${roleArn}' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20`);
  else if (roleArn.length > 2048) problems.push("Value at 'roleArn' failed to satisfy constraint: Member must have length less than or equal to 2048");
  if (sessionName === undefined) problems.push("Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
  else {
    if (!SESSION_NAME.test(sessionName))
      problems.push(`Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`);
    if (sessionName.length < 2)
      problems.push(`Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2`);
    if (sessionName.length > 64)
      problems.push(`Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64`);
  }
  let durationSeconds = DEFAULT_DURATION_SECONDS;
  if (params.DurationSeconds !== undefined) {
    durationSeconds = Number(params.DurationSeconds);
    if (!/^\d+$/.test(params.DurationSeconds))
      problems.push(`Value '${params.DurationSeconds}' at 'durationSeconds' failed to satisfy constraint: Member must be an integer`);
    else if (durationSeconds < 900)
      problems.push(`Value '${durationSeconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`);
    else if (durationSeconds > 43200)
      problems.push(`Value '${durationSeconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200`);
  }
  if (problems.length > 0) {
    const count = problems.length === 1 ? "1 validation error detected" : `${problems.length} validation errors detected`;
    throw new StsError("ValidationError", `${count}: ${problems.join("; ")}`);
  }
  return { roleArn: roleArn!, sessionName: sessionName!, durationSeconds };
}

function randomChars(n: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  return [...crypto.randomBytes(n)].map((b) => alphabet[b % alphabet.length]).join("");
}

// Sessions stay findable for a while after they expire so a late caller gets ExpiredToken, not
// InvalidClientTokenId; older ones are dropped so a long-running simulator does not grow.
const KEEP_EXPIRED_MS = 60 * 60 * 1000;

function forgetExpired(world: AwsWorld, now: Date): void {
  for (const [id, s] of world.sts.sessions) if (s.expiration.getTime() + KEEP_EXPIRED_MS < now.getTime()) world.sts.sessions.delete(id);
}
