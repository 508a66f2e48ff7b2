import crypto from "node:crypto";
import type http from "node:http";
import type { AwsWorld } from "../world";
import { StsError } from "./query-protocol";

// Who signed a request. The simulator has one long-lived key, an IAM user's in the management
// account, and the temporary keys it issued through AssumeRole. Any other key is refused as AWS
// refuses a key it does not know, so a misconfigured client sees the error it would see there.

export const SIMULATOR_ACCESS_KEY_ID = "AKIDSIMULATOR";
export const SIMULATOR_IAM_USER = "sso-bridge-demo";

export type Caller = { account: string; arn: string; userId: string; assumedRole: boolean };

/** Principal ids look like AIDA… (users) and AROA… (roles) followed by 17 characters, stable per principal. */
export function principalId(prefix: "AIDA" | "AROA", of: string): string {
  const digest = crypto.createHash("sha256").update(of).digest();
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let id = prefix;
  for (let i = 0; i < 17; i++) id += alphabet[digest[i]! % alphabet.length];
  return id;
}

const invalidToken = () => new StsError("InvalidClientTokenId", "The security token included in the request is invalid.", 403);

/** Checks the SigV4 Authorization header's form (not its signature, as for the JSON services) and names the caller. */
export function identifyCaller(req: http.IncomingMessage, world: AwsWorld, now: Date = new Date()): Caller {
  const auth = req.headers.authorization;
  if (!auth) throw new StsError("MissingAuthenticationToken", "Request is missing Authentication Token", 403);
  const match = /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/\d{8}\/[^/]+\/[^/]+\/aws4_request, ?SignedHeaders=[^,]+, ?Signature=[0-9a-f]{64}$/.exec(auth);
  if (!match) throw new StsError("IncompleteSignature", "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters.", 400);
  const accessKeyId = match[1]!;

  if (accessKeyId === SIMULATOR_ACCESS_KEY_ID) {
    const account = world.organization.MasterAccountId;
    return {
      account,
      arn: `arn:aws:iam::${account}:user/${SIMULATOR_IAM_USER}`,
      userId: principalId("AIDA", `${account}:${SIMULATOR_IAM_USER}`),
      assumedRole: false,
    };
  }
  const session = world.sts.sessions.get(accessKeyId);
  const token = String(req.headers["x-amz-security-token"] ?? "");
  if (!session || !sameSecret(token, session.sessionToken)) throw invalidToken();
  if (session.expiration.getTime() <= now.getTime()) throw new StsError("ExpiredToken", "The security token included in the request is expired", 403);
  return { account: session.accountId, arn: session.assumedRoleArn, userId: session.assumedRoleId, assumedRole: true };
}

function sameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}
