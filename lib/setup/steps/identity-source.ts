import type { ChangedBy } from "../../audit/record-audit-event";
import { completedStep, runStep } from "../step-store";

/**
 * AWS has no API that tells whether the identity source changed; the operator says so, and the
 * record keeps who said it, when, and which certificate AWS was given.
 */
export async function confirmIdentitySourceChange(by: ChangedBy) {
  return runStep("identity-source", "setup.identity-source.confirm", by, async () => {
    const federation = await completedStep("federation-metadata");
    const data = {
      confirmedAt: new Date().toISOString(),
      confirmedById: by.actor.id,
      confirmedByLabel: by.actor.label,
      certificateThumbprint: federation.certificate.thumbprint,
    };
    return { data, details: { certificateThumbprint: data.certificateThumbprint } };
  });
}
