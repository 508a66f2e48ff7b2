import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { parseScimEndpoint } from "./scim-endpoint";

const TENANT = "a1b2c3d4e5f-6789-0abc-def0-123456789abc";
const strict = { region: "eu-west-1", allowOtherHosts: false };
const lab = { region: "eu-west-1", allowOtherHosts: true };

function refusal(raw: string, expect_ = strict): AppError {
  try {
    parseScimEndpoint(raw, expect_);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe("InvalidInput");
    return e as AppError;
  }
  return expect.unreachable(`${raw} was accepted`);
}

describe("parseScimEndpoint", () => {
  it("reads region and tenant id from AWS's form and adds the trailing slash", () => {
    expect(parseScimEndpoint(` https://scim.eu-west-1.amazonaws.com/${TENANT}/scim/v2 `, strict)).toEqual({
      url: `https://scim.eu-west-1.amazonaws.com/${TENANT}/scim/v2/`,
      region: "eu-west-1",
      tenantId: TENANT,
      isAwsHost: true,
    });
    expect(parseScimEndpoint(`https://SCIM.eu-west-1.amazonaws.com/${TENANT}/scim/v2/`, strict).url).toBe(
      `https://scim.eu-west-1.amazonaws.com/${TENANT}/scim/v2/`,
    );
    expect(parseScimEndpoint(`https://scim.us-gov-west-1.amazonaws.com/${TENANT}/scim/v2/`, { ...strict, region: "us-gov-west-1" }).region).toBe(
      "us-gov-west-1",
    );
  });

  it("names both Regions when the endpoint belongs to an instance elsewhere", () => {
    const e = refusal(`https://scim.us-east-1.amazonaws.com/${TENANT}/scim/v2/`);
    expect(e.message).toMatch(/^The endpoint is in us-east-1 but your IAM Identity Center instance is in eu-west-1/);
  });

  it("refuses queries, fragments, credentials, wrong paths and plain http on AWS's host", () => {
    const base = `https://scim.eu-west-1.amazonaws.com/${TENANT}/scim/v2/`;
    expect(refusal(`${base}?x=1`).message).toContain("no query");
    expect(refusal(`${base}?`).message).toContain("no query");
    expect(refusal(`${base}#top`).message).toContain("fragment");
    expect(refusal(`https://user:secret@scim.eu-west-1.amazonaws.com/${TENANT}/scim/v2/`).message).not.toContain("secret");
    expect(refusal(`https://scim.eu-west-1.amazonaws.com/scim/v2/`).message).toContain("/<tenant id>/scim/v2/");
    expect(refusal(`${base}Users`).message).toContain("/<tenant id>/scim/v2/");
    expect(refusal(`http://scim.eu-west-1.amazonaws.com/${TENANT}/scim/v2/`).message).toContain("https://");
    expect(refusal(`https://scim.eu-west-1.amazonaws.com:8443/${TENANT}/scim/v2/`).message).toContain("standard port");
    expect(refusal(`https://scim.nowhere.amazonaws.com/${TENANT}/scim/v2/`).message).toContain("names no AWS Region");
  });

  it("recognises other AWS URLs an operator might paste by mistake", () => {
    expect(refusal("https://d-1234567890.awsapps.com/start").message).toContain("not IAM Identity Center's SCIM endpoint");
    expect(refusal("https://portal.sso.eu-west-1.amazonaws.com/saml/assertion/abc").message).toContain("an AWS host, but not");
    expect(refusal("not a url").message).toContain("not a URL");
  });

  it("accepts other hosts only when an admin allows them, such as the simulator", () => {
    const simulator = `http://localhost:4100/${TENANT}/scim/v2`;
    expect(refusal(simulator).message).toContain('"Allow lab SCIM endpoints"');
    expect(parseScimEndpoint(simulator, lab)).toEqual({ url: `${simulator}/`, region: null, tenantId: TENANT, isAwsHost: false });
    expect(parseScimEndpoint("https://lab.example/scim/v2/", lab).tenantId).toBeNull();
    expect(refusal("https://lab.example/api/", lab).message).toContain("should end in /scim/v2/");
  });
});
