import type http from "node:http";
import type { FaultInjector } from "../../faults";
import type { AwsWorld } from "../world";
import { assumeRole } from "./assume-role";
import { identifyCaller } from "./caller";
import { readQueryParams, sendQueryError, sendQueryResult, StsError, STS_VERSION } from "./query-protocol";

// STS (GetCallerIdentity, AssumeRole) on the simulator's shared endpoint. Faults are applied as for
// the JSON services, on routes "sts:<Action>", and rendered as STS renders them.

export async function handleStsRequest(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  body: string,
  world: AwsWorld,
  faults?: FaultInjector,
): Promise<void> {
  try {
    const params = readQueryParams(body);
    const action = params.Action;
    if (!action) throw new StsError("MissingAction", "Missing Action");
    if (action !== "GetCallerIdentity" && action !== "AssumeRole")
      throw new StsError("InvalidAction", `Could not find operation ${action} for version ${params.Version ?? STS_VERSION}`);
    const caller = identifyCaller(req, world);

    const decision = faults ? await faults.decide(`sts:${action}`) : { kind: "none" as const };
    if (decision.kind === "drop") return void req.socket.destroy();
    if (decision.kind === "throttle") throw new StsError("Throttling", "Rate exceeded");
    if (decision.kind === "error")
      throw new StsError("InternalFailure", "The request processing has failed because of an unknown error, exception or failure.", 500, "Receiver");

    const result = action === "GetCallerIdentity" ? { UserId: caller.userId, Account: caller.account, Arn: caller.arn } : assumeRole(world, caller, params);
    if (decision.kind !== "lost-answer") return sendQueryResult(res, action, result);
    // Carried out, but the client hears a server failure instead (or nothing at all).
    if (decision.as === "drop") return void req.socket.destroy();
    if (decision.as === "unavailable")
      throw new StsError("ServiceUnavailable", "The request has failed due to a temporary failure of the server.", 503, "Receiver");
    throw new StsError("InternalFailure", "The request processing has failed because of an unknown error, exception or failure.", 500, "Receiver");
  } catch (err) {
    if (err instanceof StsError) return sendQueryError(res, err);
    throw err;
  }
}
