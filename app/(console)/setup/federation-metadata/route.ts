import { defineRoute, download } from "@/lib/route";
import { canView } from "@/lib/security/permissions";
import { completedStep } from "@/lib/setup/step-store";

// The federation metadata the wizard checked, as the file to upload in the AWS console.
export const GET = defineRoute({
  name: "setup.federation-metadata.download",
  allowed: canView,
  run: async () => {
    const federation = await completedStep("federation-metadata");
    return download(federation.xml, { name: "entra-federation-metadata.xml", contentType: "application/samlmetadata+xml" });
  },
});
