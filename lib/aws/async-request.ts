import { AppError } from "../errors";

// sso-admin answers its background work (assignments, provisioning a permission set) with a
// request to follow: its id, IN_PROGRESS / SUCCEEDED / FAILED and, on failure, AWS's reason.

export const ASYNC_REQUEST_STATUSES = ["IN_PROGRESS", "SUCCEEDED", "FAILED"] as const;
export type AsyncRequest = { requestId: string; status: (typeof ASYNC_REQUEST_STATUSES)[number]; failureReason: string | null };

export function asyncRequest(s: { RequestId?: string; Status?: string; FailureReason?: string } | undefined): AsyncRequest {
  if (!s?.RequestId) throw new AppError("CloudRejected", "AWS accepted the request but returned no request id to follow it by.");
  const status = s.Status === "SUCCEEDED" || s.Status === "FAILED" ? s.Status : "IN_PROGRESS";
  return { requestId: s.RequestId, status, failureReason: s.FailureReason ?? null };
}
