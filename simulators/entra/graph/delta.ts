import { randomUUID } from "node:crypto";
import type { EntraDirectory } from "../directory";
import { renderGroup, renderUser } from "./directory-objects";
import { contextUrl, decodeToken, encodeToken, pageSize, selectedProperties, type Entity } from "./odata";
import { GraphError, type GraphRequest } from "./routes";

// Delta queries for /users/delta and /groups/delta. A round computes every change since the
// watermark once and pages through it with $skiptoken; its last page hands out a $deltatoken
// holding the new watermark and, for groups, the membership each group had then, so the next
// round can report members added and removed (`members@delta`) as Graph does. A page holds at
// most MEMBERS_PER_PAGE member references, so a large group's members come in several copies of
// the group on consecutive pages, which the client has to merge, as Graph's guidance says.

type Kind = "users" | "groups";
type Watermark = { kind: Kind; version: number; select: string[] | null; members: Map<string, string[]> };
type Round = { kind: Kind; items: Entity[]; next: Watermark };

const MAX_KEPT = 500;
const LIMITS = { defaultTop: 100, maxTop: 999 };
/** member references one page carries at most; a larger group is split across pages */
export const MEMBERS_PER_PAGE = 1_000;

export class DeltaTracker {
  private readonly rounds = new Map<string, Round>();
  private readonly watermarks = new Map<string, Watermark>();

  constructor(private readonly directory: EntraDirectory) {}

  page(req: GraphRequest, kind: Kind): Entity {
    const skip = req.query.get("$skiptoken");
    const deltaToken = req.query.get("$deltatoken");
    let roundId: string;
    let offset = 0;
    if (skip) {
      const token = decodeToken<{ r?: string; o?: number }>(skip);
      roundId = String(token.r ?? "");
      offset = Number(token.o ?? 0);
      if (!this.rounds.has(roundId)) throw expired();
    } else if (deltaToken === "latest") {
      // "Sync from now": no resources, only a deltaLink from the current state (Entra's users and groups offer it).
      const key = randomUUID().replace(/-/g, "");
      remember(this.watermarks, key, this.computeRound(kind, null, selectedProperties(req), { itemsWanted: false }).next);
      return { "@odata.context": contextUrl(req, kind), value: [], "@odata.deltaLink": `${req.baseUrl}/${kind}/delta?$deltatoken=${key}` };
    } else {
      let since: Watermark | null = null;
      if (deltaToken) {
        since = this.watermarks.get(deltaToken) ?? null;
        if (!since || since.kind !== kind) throw expired();
      }
      roundId = randomUUID();
      remember(this.rounds, roundId, this.computeRound(kind, since, since?.select ?? selectedProperties(req)));
    }
    const round = this.rounds.get(roundId) as Round;
    const top = pageSize(req, LIMITS);
    const body: Entity = { "@odata.context": contextUrl(req, kind) };
    const base = `${req.baseUrl}/${kind}/delta`;
    // A page ends at `top` objects or when the members it carries fill it, whichever comes first.
    let end = offset;
    for (let refs = 0; end < round.items.length && end - offset < top; end++) {
      refs += memberCount(round.items[end] as Entity);
      if (refs > MEMBERS_PER_PAGE && end > offset) break;
    }
    if (end < round.items.length) {
      body["@odata.nextLink"] = `${base}?$skiptoken=${encodeToken({ r: roundId, o: end })}`;
    } else {
      const key = randomUUID().replace(/-/g, "");
      remember(this.watermarks, key, round.next);
      body["@odata.deltaLink"] = `${base}?$deltatoken=${key}`;
    }
    body.value = round.items.slice(offset, end);
    return body;
  }

  private computeRound(kind: Kind, since: Watermark | null, select: string[] | null, opts = { itemsWanted: true }): Round {
    const { directory } = this;
    const after = since?.version ?? -1;
    // Render with the $select of the round's first request; later pages carry only the token.
    const shaped = { query: new URLSearchParams(select ? { $select: select.join(",") } : {}) };
    const items: Entity[] = [];
    const members = new Map<string, string[]>();
    if (kind === "users") {
      if (opts.itemsWanted) for (const user of directory.users.values()) if (user.version > after) items.push(renderUser(user, shaped));
    } else {
      const wantMembers = !select || select.includes("members");
      const groupSelect = select?.filter((s) => s !== "members") ?? null;
      const groupShape = { query: new URLSearchParams(groupSelect && groupSelect.length > 0 ? { $select: groupSelect.join(",") } : {}) };
      for (const group of directory.groups.values()) {
        members.set(group.id, [...group.members]);
        if (group.version <= after || !opts.itemsWanted) continue;
        const entity = renderGroup(group, directory, groupShape);
        if (!wantMembers) {
          items.push(entity);
          continue;
        }
        // A group with many member changes comes as several copies, each with a share of them, as Graph pages large groups.
        const changes = this.memberChanges(group.members, since ? (since.members.get(group.id) ?? []) : []);
        for (let i = 0; i === 0 || i < changes.length; i += MEMBERS_PER_PAGE) {
          const share = changes.slice(i, i + MEMBERS_PER_PAGE);
          items.push(share.length > 0 ? { ...entity, "members@delta": share } : entity);
        }
      }
    }
    const singular = kind === "users" ? "user" : "group";
    for (const t of directory.tombstones) {
      if (t.kind === singular && t.version > after && since) items.push({ id: t.id, "@removed": { reason: "changed" } });
    }
    return { kind, items, next: { kind, version: directory.currentVersion, select, members } };
  }

  private memberChanges(now: string[], before: string[]): Entity[] {
    const typeOf = (id: string) => (this.directory.groups.has(id) ? "#microsoft.graph.group" : "#microsoft.graph.user");
    const was = new Set(before);
    const is = new Set(now);
    const added = now.filter((id) => !was.has(id)).map((id) => ({ "@odata.type": typeOf(id), id }));
    const removed = before.filter((id) => !is.has(id)).map((id) => ({ "@odata.type": typeOf(id), id, "@removed": { reason: "deleted" } }));
    return [...added, ...removed];
  }
}

function memberCount(item: Entity): number {
  const members = item["members@delta"];
  return Array.isArray(members) ? members.length : 0;
}

function expired(): GraphError {
  return new GraphError(410, "SyncStateNotFound", "The specified delta or skip token is no longer valid. Start over with a new delta query.");
}

function remember<T>(map: Map<string, T>, key: string, value: T): void {
  map.set(key, value);
  if (map.size > MAX_KEPT) map.delete(map.keys().next().value as string);
}
