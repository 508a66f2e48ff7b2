import crypto from "node:crypto";
import http from "node:http";
import { IdentityStoreError, type IdsUser } from "../../aws/identity-store";
import type { AwsWorld } from "../../aws/world";

// A deliberately small IAM Identity Center style SCIM endpoint over the AWS world's identity
// store, used by the synchronization tests only while the AWS SCIM simulator is not available.
// It checks what the provisioning engine depends on: bearer tokens, `eq` filters, the required
// user attributes, conflicts and group member PATCH operations.

export type ScimFixture = { baseUrl: string; issueToken(): { id: string; token: string }; revokeToken(id: string): void; close(): Promise<void> };

type Json = Record<string, unknown>;

function scimError(res: http.ServerResponse, status: number, detail: string): void {
  res.writeHead(status, { "content-type": "application/scim+json" }).end(JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: String(status), detail }));
}

function userJson(u: IdsUser): Json {
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    id: u.UserId,
    externalId: u.ExternalIds?.[0]?.Id,
    userName: u.UserName,
    displayName: u.DisplayName,
    name: { givenName: u.Name?.GivenName, familyName: u.Name?.FamilyName },
    active: u.Active,
  };
}

function userInput(body: Json): Omit<IdsUser, "UserId" | "IdentityStoreId" | "CreatedAt" | "UpdatedAt"> {
  const name = (body.name ?? {}) as Json;
  for (const [attr, value] of [["userName", body.userName], ["displayName", body.displayName], ["name.givenName", name.givenName], ["name.familyName", name.familyName]] as const) {
    if (typeof value !== "string" || !value.trim()) throw new IdentityStoreError("Validation", `${attr}: The attribute ${attr} is required`);
  }
  const emails = Array.isArray(body.emails) ? (body.emails as Json[]) : [];
  if (emails.length > 1) throw new IdentityStoreError("Validation", "emails: multiple values are not supported");
  return {
    UserName: String(body.userName),
    DisplayName: String(body.displayName),
    Name: { GivenName: String(name.givenName), FamilyName: String(name.familyName) },
    Emails: emails.map((e) => ({ Value: String(e.value), Type: String(e.type), Primary: e.primary === true })),
    ExternalIds: typeof body.externalId === "string" ? [{ Issuer: "scim", Id: body.externalId }] : undefined,
    Active: body.active !== false,
  };
}

function filterValue(url: URL, attr: string): string | undefined {
  const m = new RegExp(`^${attr} eq "((?:[^"\\\\]|\\\\.)*)"$`).exec(url.searchParams.get("filter") ?? "");
  return m?.[1]?.replace(/\\(.)/g, "$1");
}

export async function startScimFixture(world: AwsWorld): Promise<ScimFixture> {
  const store = world.identityStore;
  const prefix = `/${world.scim.tenantId}/scim/v2`;
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://scim");
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (!url.pathname.startsWith(prefix) || !token || !world.scim.tokens.some((t) => t.token === token)) return scimError(res, 401, "Unauthorized");
    const [kind, id] = url.pathname.slice(prefix.length).split("/").filter(Boolean);
    const body = (text ? JSON.parse(text) : {}) as Json;
    const send = (status: number, json?: Json) => res.writeHead(status, { "content-type": "application/scim+json" }).end(json ? JSON.stringify(json) : undefined);
    try {
      if (kind === "Users" && !id && req.method === "GET") {
        const name = filterValue(url, "userName");
        const found = name === undefined ? [...store.users.values()] : [store.findUserByUserName(name)].filter((u): u is IdsUser => !!u);
        return send(200, { schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], totalResults: found.length, itemsPerPage: found.length, startIndex: 1, Resources: found.map(userJson) });
      }
      if (kind === "Users" && !id && req.method === "POST") return send(201, userJson(store.createUser(userInput(body))));
      if (kind === "Users" && id && req.method === "PUT") return send(200, userJson(store.updateUser(id, userInput(body))));
      if (kind === "Users" && id && req.method === "PATCH") {
        for (const op of (body.Operations ?? []) as Json[]) if (op.path === "active") store.updateUser(id, { Active: op.value === true });
        return send(204);
      }
      if (kind === "Users" && id && req.method === "DELETE") return (store.deleteUser(id), send(204));
      if (kind === "Groups" && !id && req.method === "GET") {
        const g = store.findGroupByDisplayName(filterValue(url, "displayName") ?? "");
        return send(200, { totalResults: g ? 1 : 0, Resources: g ? [{ id: g.GroupId, displayName: g.DisplayName, members: [] }] : [] });
      }
      if (kind === "Groups" && !id && req.method === "POST") {
        const g = store.createGroup({ DisplayName: String(body.displayName), ExternalIds: typeof body.externalId === "string" ? [{ Issuer: "scim", Id: body.externalId }] : undefined });
        return send(201, { id: g.GroupId, displayName: g.DisplayName, members: [] });
      }
      if (kind === "Groups" && id && req.method === "PATCH") {
        const ops = (body.Operations ?? []) as Json[];
        let changes = 0;
        for (const op of ops) changes += op.op === "add" && Array.isArray(op.value) ? op.value.length : 1;
        if (changes > 100) return scimError(res, 400, "Too many membership changes in one request");
        for (const op of ops) {
          if (op.op === "add" && op.path === "members") for (const m of op.value as Json[]) store.addMember(id, String(m.value));
          else if (op.op === "remove") store.removeMember(id, /value eq "([^"]+)"/.exec(String(op.path))?.[1] ?? "");
          else if (op.op === "replace" && op.path === "displayName") store.updateGroup(id, { DisplayName: String(op.value) });
        }
        return send(204);
      }
      if (kind === "Groups" && id && req.method === "DELETE") return (store.deleteGroup(id), send(204));
      return scimError(res, 404, `No route ${req.method} ${url.pathname}`);
    } catch (e) {
      if (e instanceof IdentityStoreError) return scimError(res, e.kind === "Conflict" ? 409 : e.kind === "NotFound" ? 404 : 400, e.message);
      return scimError(res, 500, (e as Error).message);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    baseUrl: `http://127.0.0.1:${port}${prefix}`,
    issueToken() {
      const t = { id: crypto.randomUUID(), token: crypto.randomBytes(24).toString("base64url"), createdAt: new Date(), expiresAt: new Date(Date.now() + 365 * 86_400_000) };
      world.scim.tokens.push(t);
      return t;
    },
    revokeToken(id) {
      world.scim.tokens = world.scim.tokens.filter((t) => t.id !== id);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
