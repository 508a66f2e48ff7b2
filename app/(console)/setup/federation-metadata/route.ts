import { requireUser } from "@/lib/auth/session";
import { httpStatusFor, isAppError } from "@/lib/errors";
import { federationMetadataXml } from "@/lib/federation/configured-parts";
import { canView } from "@/lib/security/permissions";

// The federation metadata the wizard checked, as the file to upload in the AWS console.
export async function GET() {
  try {
    await requireUser(canView);
    return new Response(await federationMetadataXml(), {
      headers: {
        "content-type": "application/samlmetadata+xml",
        "content-disposition": 'attachment; filename="entra-federation-metadata.xml"',
        "cache-control": "no-store",
      },
    });
  } catch (e) {
    if (isAppError(e)) return Response.json({ error: e.message }, { status: httpStatusFor[e.code] });
    throw e;
  }
}
