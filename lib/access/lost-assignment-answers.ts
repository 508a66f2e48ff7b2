import { assignmentExists, pendingAssignmentRequest, type AssignmentKey } from "../aws/account-assignments";
import type { AsyncRequest } from "../aws/async-request";
import type { UncertainWrite } from "../aws/aws-errors";
import type { IdentityCenter } from "../aws/identity-center";
import { AppError, isAppError } from "../errors";

// When AWS's answer to an assignment or its removal is lost, AWS may have taken the request all
// the same. What AWS holds decides what is reported: the assignment as it now is, or the request
// AWS is still working on, found among those in progress. Nothing is sent again.

// AWS records a request on its clock and SSO Bridge the attempt on its own.
const CLOCK_SKEW_MS = 60_000;

export type LostAnswer =
  /** AWS took the request and is still working on it: follow it as if it had answered */
  | { kind: "request"; request: AsyncRequest; note: string }
  /** the assignment is already as asked */
  | { kind: "done"; note: string }
  /** AWS did not do it (`looked`: SSO Bridge saw that), or SSO Bridge could not tell: the failure to report */
  | { kind: "failed"; error: AppError; looked: boolean };

export async function settleLostAnswer(
  t: IdentityCenter,
  kind: "create" | "delete",
  key: AssignmentKey,
  attempted: Date,
  failure: UncertainWrite,
): Promise<LostAnswer> {
  const wanted = kind === "create";
  const lost = `AWS's answer was lost (${failure.instead});`;
  const where = `in account ${key.accountId}`;
  try {
    if ((await assignmentExists(t, key)) === wanted)
      return { kind: "done", note: `${lost} SSO Bridge found the assignment ${wanted ? "in place" : "gone"} ${where}.` };
    const request = await pendingAssignmentRequest(t, kind, key, new Date(attempted.getTime() - CLOCK_SKEW_MS));
    if (request) return { kind: "request", request, note: `${lost} SSO Bridge found AWS working on it (request ${request.requestId}).` };
    // The request may have ended between the two looks.
    if ((await assignmentExists(t, key)) === wanted)
      return { kind: "done", note: `${lost} SSO Bridge found the assignment ${wanted ? "in place" : "gone"} ${where}.` };
  } catch (e) {
    if (!isAppError(e)) throw e;
    return {
      kind: "failed",
      looked: false,
      error: new AppError(
        failure.code,
        `${failure.message} SSO Bridge could not check whether AWS did it anyway (${e.message}); check ${where} before trying again.`,
      ),
    };
  }
  const state = wanted ? "does not hold the permission set there" : "still holds the permission set there";
  return {
    kind: "failed",
    looked: true,
    error: new AppError(failure.code, `${failure.message} AWS did not do it: the ${key.principalType.toLowerCase()} ${state}.`),
  };
}
