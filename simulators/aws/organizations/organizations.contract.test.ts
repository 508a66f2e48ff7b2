import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AccountNotFoundException,
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  InvalidInputException,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  OrganizationsClient,
  ParentNotFoundException,
  TooManyRequestsException,
  paginateListAccounts,
} from "@aws-sdk/client-organizations";
import { startTestAws, type TestAws } from "../json-protocol/testing";
import { createAwsWorld } from "../world";
import { seedOrganization } from "./seed";

let aws: TestAws;
let client: OrganizationsClient;

beforeAll(async () => {
  aws = await startTestAws();
  seedOrganization(aws.world, { accounts: 25, organizationalUnits: ["Workloads", "Security", "Sandbox"], seed: 7 });
  client = new OrganizationsClient(aws.clientConfig());
});

afterAll(async () => {
  client.destroy();
  await aws.server.close();
});

describe("seedOrganization", () => {
  it("creates the same account ids and names for the same seed", () => {
    const a = seedOrganization(createAwsWorld(), { accounts: 5, organizationalUnits: ["A", "B"], seed: 3 });
    const b = seedOrganization(createAwsWorld(), { accounts: 5, organizationalUnits: ["A", "B"], seed: 3 });
    expect(a.accounts.map((x) => [x.Id, x.Name])).toEqual(b.accounts.map((x) => [x.Id, x.Name]));
    expect(a.accounts.map((x) => x.Name)).toEqual(["Production", "Staging", "Development", "Sandbox", "Shared Services"]);
    for (const account of a.accounts) expect(account.Id).toMatch(/^[1-9]\d{11}$/);
    // OU ids embed the root's id, which each world draws at random; the rest is the seed's.
    const own = (id: string) => id.split("-")[2];
    expect(a.organizationalUnits.map((o) => own(o.Id))).toEqual(b.organizationalUnits.map((o) => own(o.Id)));
  });
});

describe("organizations", () => {
  it("describes the organization and its root", async () => {
    const { Organization } = await client.send(new DescribeOrganizationCommand({}));
    expect(Organization).toMatchObject({ Id: aws.world.organization.Id, FeatureSet: "ALL", MasterAccountId: "111122223333" });
    const { Roots } = await client.send(new ListRootsCommand({}));
    expect(Roots).toEqual([expect.objectContaining({ Id: aws.world.organization.root.Id, Name: "Root" })]);
  });

  it("lists every account across pages of at most 20", async () => {
    const ids: string[] = [];
    for await (const page of paginateListAccounts({ client }, {})) {
      expect(page.Accounts!.length).toBeLessThanOrEqual(20);
      ids.push(...page.Accounts!.map((a) => a.Id!));
    }
    expect(ids).toHaveLength(26);
    expect(new Set(ids).size).toBe(26);
    await expect(client.send(new ListAccountsCommand({ MaxResults: 21 }))).rejects.toBeInstanceOf(InvalidInputException);
  });

  it("walks the tree from the root", async () => {
    const rootId = aws.world.organization.root.Id;
    const { OrganizationalUnits } = await client.send(new ListOrganizationalUnitsForParentCommand({ ParentId: rootId }));
    expect(OrganizationalUnits!.map((o) => o.Name).sort()).toEqual(["Sandbox", "Security", "Workloads"]);
    let total = (await client.send(new ListAccountsForParentCommand({ ParentId: rootId }))).Accounts!.length;
    expect(total).toBe(1);
    for (const ou of OrganizationalUnits!) {
      expect(ou.Id).toMatch(/^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/);
      total += (await client.send(new ListAccountsForParentCommand({ ParentId: ou.Id }))).Accounts!.length;
    }
    expect(total).toBe(26);
    await expect(client.send(new ListAccountsForParentCommand({ ParentId: "ou-abcd-12345678" }))).rejects.toBeInstanceOf(ParentNotFoundException);
  });

  it("describes an account and rejects unknown or malformed ids", async () => {
    const staging = [...aws.world.organization.accounts.values()].find((a) => a.Name === "Staging")!;
    const { Account } = await client.send(new DescribeAccountCommand({ AccountId: staging.Id }));
    expect(Account).toMatchObject({ Id: staging.Id, Name: "Staging", State: "ACTIVE", JoinedMethod: "CREATED" });
    expect(Account!.JoinedTimestamp).toBeInstanceOf(Date);
    await expect(client.send(new DescribeAccountCommand({ AccountId: "999999999999" }))).rejects.toBeInstanceOf(AccountNotFoundException);
    await expect(client.send(new DescribeAccountCommand({ AccountId: "12" }))).rejects.toBeInstanceOf(InvalidInputException);
  });

  it("throttles with TooManyRequestsException and fails with ServiceException", async () => {
    const noRetry = new OrganizationsClient(aws.clientConfig({ maxAttempts: 1 }));
    try {
      aws.faults.set([{ route: "organizations:ListAccounts", throttleRate: 1 }]);
      await expect(noRetry.send(new ListAccountsCommand({}))).rejects.toBeInstanceOf(TooManyRequestsException);
      aws.faults.set([{ route: "organizations:*", errorRate: 1 }]);
      await expect(noRetry.send(new ListRootsCommand({}))).rejects.toMatchObject({ name: "ServiceException", $metadata: { httpStatusCode: 500 } });
    } finally {
      aws.faults.clear();
      noRetry.destroy();
    }
  });
});
