import { SOURCE_DIRECTORY, SCIM_ENTERPRISE_USER } from "./aws-template";
import type { ObjectOutcome } from "./object-sync";

// provisionOnDemand answers with one stringKeyStringValuePair whose key and value are JSON
// documents in strings: the key a short verdict, the value the full record with its steps
// (Graph v1.0 "synchronizationJob: provisionOnDemand", example 1). Names there are capitalised
// ("Create", "Import", "Success") where the provisioning logs use lower case.

export type OnDemandResult = { "@odata.context": string; key: string; value: string };

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function onDemandResult(o: ObjectOutcome, targetSystemName: string): OnDemandResult {
  const result = capital(o.status);
  const details = o.error ? { errorCode: o.error.errorCode, errorMessage: o.error.reason } : skippedDetails(o);
  const value = {
    action: capital(o.action),
    changeId: o.changeId,
    endTime: o.endTime,
    modifiedProperties: o.modifiedProperties,
    provisioningSteps: o.steps.map((s) => ({
      name: s.name,
      type: capital(s.provisioningStepType),
      status: capital(s.status),
      description: s.description,
      timestamp: o.endTime,
      details: s.details,
    })),
    reportableIdentifier: o.source.displayName,
    startTime: o.startTime,
    statusInfo: {
      status: result,
      errorCode: o.error?.errorCode ?? null,
      reason: o.error?.reason ?? null,
      additionalDetails: o.error?.additionalDetails ?? null,
      errorCategory: o.error ? o.error.errorCategory : null,
      recommendedAction: o.error?.recommendedAction ?? null,
    },
    sourceIdentity: { id: o.source.id, type: o.source.type, displayName: o.source.displayName, details: null },
    sourceSystem: { id: null, name: SOURCE_DIRECTORY, details: null },
    targetIdentity: {
      id: o.target.id || null,
      type: o.target.type === "User" ? SCIM_ENTERPRISE_USER : "urn:ietf:params:scim:schemas:core:2.0:Group",
      displayName: o.target.displayName || null,
      details: null,
    },
    targetSystem: { id: null, name: targetSystemName, details: null },
  };
  return {
    "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.stringKeyStringValuePair",
    key: JSON.stringify({ result, details }),
    value: JSON.stringify(value),
  };
}

function skippedDetails(o: ObjectOutcome): Record<string, string> {
  if (o.status !== "skipped") return {};
  const skip = o.steps.map((s) => s.details.SkipReason).find(Boolean);
  const step = o.steps.find((s) => s.status === "skipped");
  return skip ? { errorCode: skip, errorMessage: step?.description ?? "" } : {};
}
