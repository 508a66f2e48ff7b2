import { requireUser } from "@/lib/auth/session";
import { httpStatusFor, isAppError } from "@/lib/errors";
import { canView } from "@/lib/security/permissions";
import { completedStep } from "@/lib/setup/step-store";

// The federation metadata the wizard checked, as the file to upload in the AWS console.
export async function GET() {
  try {
    await requireUser(canView);
    const federation = await completedStep("federation-metadata");
    return new Response(federation.xml, {
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
