import { describe, expect, it } from "vitest";
import { enableIdentityCenterHelpUrl, identityCenterConsoleUrl } from "./console-links";

describe("AWS console links", () => {
  it("opens IAM Identity Center in the region's console", () => {
    expect(identityCenterConsoleUrl("eu-west-1", {})).toBe("https://eu-west-1.console.aws.amazon.com/singlesignon/home?region=eu-west-1");
  });

  it("uses the partition's console outside the commercial regions", () => {
    expect(identityCenterConsoleUrl("us-gov-west-1", {})).toBe("https://console.amazonaws-us-gov.com/singlesignon/home?region=us-gov-west-1");
    expect(identityCenterConsoleUrl("cn-north-1", {})).toBe("https://console.amazonaws.cn/singlesignon/home?region=cn-north-1");
  });

  it("leads to AWS_CONSOLE_URL when it is set, as demo mode does", () => {
    expect(identityCenterConsoleUrl("eu-west-1", { AWS_CONSOLE_URL: "http://127.0.0.1:4566/" })).toBe(
      "http://127.0.0.1:4566/singlesignon/home?region=eu-west-1",
    );
    expect(identityCenterConsoleUrl("eu-west-1", { AWS_CONSOLE_URL: "  " })).toMatch(/^https:\/\/eu-west-1\.console\.aws\.amazon\.com\//);
  });

  it("refuses what is not a region or a console URL", () => {
    expect(() => identityCenterConsoleUrl("eu-west-1&x=<script>", {})).toThrow(/not an AWS region/);
    expect(() => identityCenterConsoleUrl("eu-west-1", { AWS_CONSOLE_URL: "javascript:alert(1)" })).toThrow(/AWS_CONSOLE_URL/);
  });

  it("links the guide to enabling IAM Identity Center", () => {
    expect(enableIdentityCenterHelpUrl()).toBe("https://docs.aws.amazon.com/singlesignon/latest/userguide/enable-identity-center.html");
  });
});
