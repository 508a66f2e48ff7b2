import { FaultInjector } from "../../faults";
import { switchToExternalIdp } from "../../test-support/external-idp";
import { createAwsWorld, type AwsWorld } from "../world";
import { startScimServer, type ScimServer } from "./scim-server";
import { issueScimToken } from "./tokens";

// Shared by the SCIM test files: a world, a running endpoint, a token and a small fetch wrapper.

/**
 * A SCIM answer's JSON as the tests read it, one shape for a resource, a list response and an error: `id` is there in a
 * resource and `Resources` in a list, where the tests read them; every other attribute is only compared, so it stays
 * unknown. The body is undefined when the answer has none (204).
 */
export type ScimBody = { id: string; Resources: ScimBody[]; nextCursor?: string; [attribute: string]: unknown };

export type ScimAnswer = { status: number; body: ScimBody; headers: Headers };

export type Harness = {
  world: AwsWorld;
  server: ScimServer;
  faults: FaultInjector;
  token: string;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ScimAnswer>;
};

export async function startHarness(): Promise<Harness> {
  const world = createAwsWorld();
  const faults = new FaultInjector([], () => 0);
  const server = await startScimServer({ world, faults });
  await switchToExternalIdp(world);
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
      return { status: res.status, body: (text ? JSON.parse(text) : undefined) as ScimBody, headers: res.headers };
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
