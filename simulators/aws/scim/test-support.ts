import { FaultInjector } from "../../faults";
import { createAwsWorld, type AwsWorld } from "../world";
import { startScimServer, type ScimServer } from "./scim-server";
import { issueScimToken } from "./tokens";

// Shared by the SCIM test files: a world, a running endpoint, a token and a small fetch wrapper.

export type Harness = {
  world: AwsWorld;
  server: ScimServer;
  faults: FaultInjector;
  token: string;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
};

export async function startHarness(): Promise<Harness> {
  const world = createAwsWorld();
  const faults = new FaultInjector([], () => 0);
  const server = await startScimServer({ world, faults });
  const { token } = issueScimToken(world);
  return {
    world,
    server,
    faults,
    token,
    async call(method, path, body, headers = {}) {
      const res = await fetch(`${server.baseUrl}${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { "Content-Type": "application/scim+json" } : {}), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
    },
  };
}

export function scimUser(userName: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    userName,
    displayName: `Display ${userName}`,
    name: { givenName: "Given", familyName: "Family" },
    emails: [{ value: `${userName}@contoso.example`, type: "work", primary: true }],
    active: true,
    ...extra,
  };
}

export const patchOp = (...Operations: unknown[]) => ({ schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations });
