import { federationMetadataXml } from "@/lib/federation/configured-parts";
import { defineRoute, download } from "@/lib/route";
import { canView } from "@/lib/security/permissions";

// The federation metadata the wizard checked, as the file to upload in the AWS console.
export const GET = defineRoute({
  name: "setup.federation-metadata.download",
  allowed: canView,
  run: async () => download(await federationMetadataXml(), { name: "entra-federation-metadata.xml", contentType: "application/samlmetadata+xml" }),
});
