import { describe, expect, it } from "vitest";
import { awsWriteError, UncertainWrite } from "./aws-errors";

const sdkError = (name: string, status: number, fault: "client" | "server") =>
  Object.assign(new Error(`${name} happened`), { name, $fault: fault, $metadata: { httpStatusCode: status } });
const socketError = (code: string) => Object.assign(new Error(code), { code });

describe("awsWriteError", () => {
  it("says a write's outcome is unknown when AWS may have carried it out without answering", () => {
    for (const e of [
      sdkError("InternalServerException", 500, "server"),
      sdkError("InternalFailure", 500, "server"),
      sdkError("ServiceUnavailable", 503, "server"),
      socketError("ECONNRESET"),
      socketError("ETIMEDOUT"),
    ]) {
      const error = awsWriteError(e, "create the permission set Ops");
      expect(error).toBeInstanceOf(UncertainWrite);
      expect(error.code).toBe("Unavailable");
    }
    expect(awsWriteError(sdkError("ServiceUnavailable", 503, "server"), "x")).toMatchObject({ instead: "ServiceUnavailable, HTTP 503" });
  });

  it("keeps a failure AWS answered before acting, or a request that never left, as it is", () => {
    expect(awsWriteError(sdkError("ThrottlingException", 400, "client"), "x")).toMatchObject({ code: "Throttled" });
    expect(awsWriteError(sdkError("ConflictException", 400, "client"), "x")).toMatchObject({ code: "Conflict" });
    const refused = awsWriteError(socketError("ECONNREFUSED"), "x");
    expect(refused.code).toBe("Unavailable");
    expect(refused).not.toBeInstanceOf(UncertainWrite);
  });
});
