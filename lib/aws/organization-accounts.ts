import { ListAccountsForParentCommand, ListOrganizationalUnitsForParentCommand, ListRootsCommand } from "@aws-sdk/client-organizations";
import type { IdentityCenter } from "./identity-center";
import { AppError } from "../errors";
import { awsError } from "./aws-errors";

// The organization's accounts as AWS Organizations arranges them: the root, its organizational
// units and their accounts, read level by level.

export type OrgAccount = { id: string; name: string; email: string | null; status: string | null };
export type OrgUnit = { id: string; name: string; accounts: OrgAccount[]; units: OrgUnit[] };

// Organizations allows a few requests a second per account; read a few units at a time.
const CONCURRENT_UNITS = 3;

/** Runs before each request to AWS Organizations: a reader spends its budget there, and an AppError it throws ends the read. */
export type BeforeRequest = () => Promise<void>;

const free: BeforeRequest = () => Promise.resolve();

export async function readOrganizationTree(t: IdentityCenter, beforeRequest: BeforeRequest = free): Promise<OrgUnit> {
  const org = t.clients.organizations;
  let rootId: string | undefined;
  try {
    await beforeRequest();
    // The first page names the root: an organization has exactly one.
    rootId = (await org.send(new ListRootsCommand({}))).Roots?.[0]?.Id;
  } catch (e) {
    throw organizationsError(e, "list the organization's root (organizations:ListRoots)");
  }
  if (!rootId) throw new AppError("CloudRejected", "AWS Organizations listed no root for this organization.");
  return readUnit(t, rootId, "Root", beforeRequest);
}

/** Every page of a listing, each request preceded by `beforeRequest`. */
async function allPages<P extends { NextToken?: string }>(beforeRequest: BeforeRequest, request: (token: string | undefined) => Promise<P>): Promise<P[]> {
  const pages: P[] = [];
  let token: string | undefined;
  do {
    await beforeRequest();
    const page = await request(token);
    pages.push(page);
    token = page.NextToken;
  } while (token);
  return pages;
}

async function readUnit(t: IdentityCenter, id: string, name: string, beforeRequest: BeforeRequest): Promise<OrgUnit> {
  const org = t.clients.organizations;
  const accounts: OrgAccount[] = [];
  const childUnits: { id: string; name: string }[] = [];
  try {
    for (const page of await allPages(beforeRequest, (NextToken) => org.send(new ListAccountsForParentCommand({ ParentId: id, NextToken })))) {
      for (const a of page.Accounts ?? [])
        if (a.Id) accounts.push({ id: a.Id, name: a.Name ?? a.Id, email: a.Email ?? null, status: a.State ?? a.Status ?? null });
    }
    for (const page of await allPages(beforeRequest, (NextToken) => org.send(new ListOrganizationalUnitsForParentCommand({ ParentId: id, NextToken })))) {
      for (const u of page.OrganizationalUnits ?? []) if (u.Id) childUnits.push({ id: u.Id, name: u.Name ?? u.Id });
    }
  } catch (e) {
    throw organizationsError(e, `read the organizational unit ${name}`);
  }
  const units: OrgUnit[] = [];
  for (let i = 0; i < childUnits.length; i += CONCURRENT_UNITS) {
    units.push(...(await Promise.all(childUnits.slice(i, i + CONCURRENT_UNITS).map((u) => readUnit(t, u.id, u.name, beforeRequest)))));
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
