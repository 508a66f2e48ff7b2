import { z } from "zod";
import { BUDGETS, spend } from "../cloud-readings/budget";
import { entraConnection } from "../connections/entra-connection";
import { db } from "../db";
import { readGroup } from "../entra/group-nesting";
import { graphError } from "../entra/graph-errors";
import { graphPages } from "../entra/graph-read";
import { openGraph, type GraphSession } from "../entra/graph-session";
import { AppError } from "../errors";
import { readFederationConfig } from "../federation/federation-config";

// The dry run: who mirroring a group would add to its mirror and remove from it, read live from
// Entra (the source's transitive members and the mirror's members), changing nothing.

export type PreviewPerson = { id: string; name: string };
export type MirrorPreview = { sourceName: string; mirrored: boolean; add: PreviewPerson[]; remove: PreviewPerson[]; unchanged: number };

const PAGE = 999;
const member = z
  .object({ "@odata.type": z.string().optional(), id: z.string(), displayName: z.string().nullish(), userPrincipalName: z.string().nullish() })
  .loose();

export async function previewMirror(sourceGroupId: string): Promise<MirrorPreview> {
  const { enterpriseApp } = await readFederationConfig();
  if (!enterpriseApp) throw new AppError("NotConfigured", "Finish the setup step “Enterprise application” first.");
  const budget = { budget: BUDGETS.graphDirectory, tenant: enterpriseApp.servicePrincipalId };
  const session = openGraph(await entraConnection());
  await spend(budget);
  const source = await readGroup(session, sourceGroupId);
  if (!source) throw new AppError("NotFound", "Entra has no group with that id: it may have been deleted.");
  const mirror = await db().mirror.findUnique({ where: { sourceGroupId }, select: { mirrorGroupId: true, state: true } });
  const mirrorGroupId = mirror && mirror.state !== "mirror-deleted" ? mirror.mirrorGroupId : null;
  const spendOne = () => spend(budget);
  const desired = await users(session, `/groups/${encodeURIComponent(sourceGroupId)}/transitiveMembers`, spendOne);
  const current = mirrorGroupId ? await users(session, `/groups/${encodeURIComponent(mirrorGroupId)}/members`, spendOne) : new Map<string, string>();
  const person = (people: Map<string, string>) => (id: string) => ({ id, name: people.get(id) ?? id });
  const byName = (a: PreviewPerson, b: PreviewPerson) => a.name.localeCompare(b.name);
  return {
    sourceName: source.displayName,
    mirrored: mirrorGroupId !== null,
    add: [...desired.keys()]
      .filter((id) => !current.has(id))
      .map(person(desired))
      .sort(byName),
    remove: [...current.keys()]
      .filter((id) => !desired.has(id))
      .map(person(current))
      .sort(byName),
    unchanged: [...desired.keys()].filter((id) => current.has(id)).length,
  };
}

/** The users of a member listing, by id, with their sign-in names. */
async function users(session: GraphSession, path: string, beforeRequest: () => Promise<void>): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  try {
    for await (const page of graphPages(session, `${path}?$select=id,displayName,userPrincipalName&$top=${PAGE}`, member, "group members", beforeRequest))
      for (const m of page) if (m["@odata.type"] === "#microsoft.graph.user") found.set(m.id, m.userPrincipalName ?? m.displayName ?? m.id);
  } catch (e) {
    throw graphError(e, "read the group's members");
  }
  return found;
}
