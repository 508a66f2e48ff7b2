import { identityCenter } from "../access/configured-identity-center";
import { describeAwsUser, type AwsUser } from "../aws/identity-store-directory";
import { entraConnection } from "../connections/entra-connection";
import type { ProvisioningLogEntry } from "../entra/provisioning-logs";
import { openGraph } from "../entra/graph-session";
import { readEntraUser, type EntraUser } from "../entra/provisioning-scope";
import { AppError } from "../errors";
import { entriesForSource } from "../provisioning/log-store";
import { driftScans, scanFindingsWhere, type ShownFinding } from "./drift-view";
import { attributeDifferences, expectedInAws, heldInAws, MAPPED_ATTRIBUTES, type MappedAttribute } from "./user-mapping";

// One user side by side in both directories, read live (an exact lookup costs one request on each
// side): each mapped attribute as Entra would provision it and as AWS holds it, Entra's provisioning
// history for the user, and what the latest scan found about it.

/** `same` only when both sides have the user and the attribute agrees. */
export type AttributeRow = { attribute: MappedAttribute; label: string; entra: string | boolean | null; aws: string | boolean | null; same: boolean };

export type PrincipalView = {
  entra: Omit<EntraUser, "reach"> | null;
  aws: AwsUser | null;
  rows: AttributeRow[];
  history: ProvisioningLogEntry[];
  findings: ShownFinding[];
};

export async function principalView(ids: { entraId?: string | null; awsId?: string | null }): Promise<PrincipalView> {
  if (!ids.entraId && !ids.awsId) throw new AppError("InvalidInput", "Name a user: an Entra object id or an AWS user id.");
  const entra = ids.entraId ? await readEntraUser(openGraph(await entraConnection()), ids.entraId) : null;
  const t = await identityCenter();
  // A user missing in AWS has no AWS id: provisioning would match it by its user name.
  const aws = ids.awsId ? await describeAwsUser(t, { id: ids.awsId }) : entra ? await describeAwsUser(t, { userName: entra.userPrincipalName }) : null;
  const want = entra ? expectedInAws({ ...entra, reach: "assigned" }) : null;
  const have = aws ? heldInAws(aws) : null;
  // Compared as the scan compares them; with one side missing there is nothing to compare.
  const differing = entra && aws ? new Set(attributeDifferences({ ...entra, reach: "assigned" }, aws).map((d) => d.attribute)) : null;
  const rows = MAPPED_ATTRIBUTES.map(({ attribute, label }) => {
    const [e, a] = [want?.[attribute] ?? null, have?.[attribute] ?? null];
    return { attribute, label, entra: e, aws: a, same: differing !== null && !differing.has(attribute) };
  });
  const entraId = entra?.id ?? ids.entraId ?? null;
  const awsId = aws?.id ?? ids.awsId ?? null;
  const { complete } = await driftScans();
  const [history, findings] = await Promise.all([
    entraId ? entriesForSource(entraId) : Promise.resolve([]),
    complete ? scanFindingsWhere(complete.id, { OR: [...(entraId ? [{ entraId }] : []), ...(awsId ? [{ awsId }] : [])] }) : Promise.resolve([]),
  ]);
  return { entra, aws, rows, history, findings };
}
