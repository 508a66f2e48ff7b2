import { paginateListAccountsForParent, paginateListOrganizationalUnitsForParent, paginateListRoots } from "@aws-sdk/client-organizations";
import type { IdentityCenter } from "./identity-center";
import { AppError } from "../errors";
import { awsError } from "./aws-errors";

// The organization's accounts as AWS Organizations arranges them: the root, its organizational
// units and their accounts, read level by level.

export type OrgAccount = { id: string; name: string; email: string | null; status: string | null };
export type OrgUnit = { id: string; name: string; accounts: OrgAccount[]; units: OrgUnit[] };

// Organizations allows a few requests a second per account; read a few units at a time.
const CONCURRENT_UNITS = 3;

export async function readOrganizationTree(t: IdentityCenter): Promise<OrgUnit> {
  const org = t.clients.organizations;
  let rootId: string | undefined;
  try {
    for await (const page of paginateListRoots({ client: org }, {})) rootId ??= page.Roots?.[0]?.Id;
  } catch (e) {
    throw organizationsError(e, "list the organization's root (organizations:ListRoots)");
  }
  if (!rootId) throw new AppError("CloudRejected", "AWS Organizations listed no root for this organization.");
  return readUnit(t, rootId, "Root");
}

async function readUnit(t: IdentityCenter, id: string, name: string): Promise<OrgUnit> {
  const org = t.clients.organizations;
  const accounts: OrgAccount[] = [];
  const childUnits: { id: string; name: string }[] = [];
  try {
    for await (const page of paginateListAccountsForParent({ client: org }, { ParentId: id })) {
      for (const a of page.Accounts ?? [])
        if (a.Id) accounts.push({ id: a.Id, name: a.Name ?? a.Id, email: a.Email ?? null, status: a.State ?? a.Status ?? null });
    }
    for await (const page of paginateListOrganizationalUnitsForParent({ client: org }, { ParentId: id })) {
      for (const u of page.OrganizationalUnits ?? []) if (u.Id) childUnits.push({ id: u.Id, name: u.Name ?? u.Id });
    }
  } catch (e) {
    throw organizationsError(e, `read the organizational unit ${name}`);
  }
  const units: OrgUnit[] = [];
  for (let i = 0; i < childUnits.length; i += CONCURRENT_UNITS) {
    units.push(...(await Promise.all(childUnits.slice(i, i + CONCURRENT_UNITS).map((u) => readUnit(t, u.id, u.name)))));
  }
  const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);
  return { id, name, accounts: accounts.sort(byName), units: units.sort(byName) };
}

/** Every account in the tree, with the path of units above it. */
export function flattenAccounts(root: OrgUnit, path: string[] = []): (OrgAccount & { path: string[] })[] {
  const here = [...path, root.name];
  return [...root.accounts.map((a) => ({ ...a, path: here })), ...root.units.flatMap((u) => flattenAccounts(u, here))];
}

function organizationsError(e: unknown, doing: string): AppError {
  const name = (e as Error | undefined)?.name;
  if (name === "AWSOrganizationsNotInUseException")
    return new AppError("NotConfigured", "This AWS account is not in an organization: IAM Identity Center assigns access to accounts of an AWS Organization.");
  // Only the management account or a delegated administrator may list the organization's accounts.
  if (name === "AccessDeniedException") {
    return new AppError(
      "PermissionMissing",
      `AWS denied SSO Bridge permission to ${doing}. Use credentials of the organization's management account or of a delegated administrator for IAM Identity Center, with organizations:List* permissions.`,
    );
  }
  return awsError(e, doing);
}
