import { describe, expect, it } from "vitest";
import { consolePathParts } from "./console-paths";

describe("console paths in messages", () => {
  it("makes the longest path named a link to its place", () => {
    expect(consolePathParts("Connect SSO Bridge to AWS first: Settings → Connections → AWS.")).toEqual([
      { text: "Connect SSO Bridge to AWS first: " },
      { text: "Settings → Connections → AWS", href: "/settings#aws-connection" },
      { text: "." },
    ]);
  });

  it("links every path in a message and leaves paths of the clouds' consoles as text", () => {
    const parts = consolePathParts(
      "Generate a token in IAM Identity Center (Settings → Automatic provisioning), rotate it in (Provisioning → Rotate SCIM token), then check Settings → Webhooks",
    );
    expect(parts.filter((p) => p.href).map((p) => p.href)).toEqual(["/provisioning#scim-token", "/settings#webhooks"]);
    expect(parts.map((p) => p.text).join("")).toContain("(Settings → Automatic provisioning)");
  });

  it("leaves a message without paths whole", () => {
    expect(consolePathParts("The token was rejected.")).toEqual([{ text: "The token was rejected." }]);
    expect(consolePathParts("")).toEqual([]);
  });
});
