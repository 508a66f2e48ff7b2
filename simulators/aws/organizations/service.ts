import type { AwsAccount, AwsWorld, OrganizationalUnit } from "../world";
import { AwsJsonError, type JsonService, type OperationHandler } from "../json-protocol/protocol";
import { paginate, type PageBounds } from "../json-protocol/pagination";
import { requireString } from "../json-protocol/validate";

// The organizations API (X-Amz-Target AWSOrganizationsV20161128.*), read-only: SSO Bridge only
// discovers accounts and OUs. Organizations has its own error names: throttling is
// TooManyRequestsException (with a Type), a fault is ServiceException, bad input InvalidInputException.

// ListAccounts and friends accept 1-20 results a page.
const PAGE: PageBounds = { min: 1, max: 20, default: 20 };
const ACCOUNT_ID = /^\d{12}$/;
const PARENT_ID = /^(r-[0-9a-z]{4,32})$|^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;

const invalidInput = (reason: string) => (message: string) => new AwsJsonError("InvalidInputException", message, 400, { Reason: reason });

export function organizationsService(world: AwsWorld): JsonService {
  const org = world.organization;

  const account = (a: AwsAccount) => ({
    Id: a.Id,
    Arn: a.Arn,
    Email: a.Email,
    Name: a.Name,
    // Status is deprecated in favour of State, but AWS still returns both.
    Status: a.Status,
    State: a.Status,
    JoinedMethod: a.JoinedMethod,
    JoinedTimestamp: a.JoinedTimestamp,
  });
  const ou = (o: OrganizationalUnit) => ({ Id: o.Id, Arn: o.Arn, Name: o.Name });
  const parentId = (input: Record<string, unknown>): string => {
    const id = requireString(input, "ParentId", invalidInput("INVALID_PATTERN"), { max: 100, pattern: PARENT_ID });
    if (id !== org.root.Id && !org.organizationalUnits.has(id))
      throw new AwsJsonError("ParentNotFoundException", "We can't find a root or OU with the ParentId that you specified.", 400);
    return id;
  };
  const byName = <T extends { Name: string; Id: string }>(a: T, b: T) => a.Name.localeCompare(b.Name) || a.Id.localeCompare(b.Id);

  const operations: Record<string, OperationHandler> = {
    DescribeOrganization: () => ({
      Organization: {
        Id: org.Id,
        Arn: org.Arn,
        FeatureSet: "ALL",
        MasterAccountArn: org.accounts.get(org.MasterAccountId)?.Arn,
        MasterAccountId: org.MasterAccountId,
        MasterAccountEmail: org.MasterAccountEmail,
        AvailablePolicyTypes: [],
      },
    }),
    ListRoots: (input) => {
      const { page, NextToken } = paginate([org.root], input, PAGE, "ListRoots", invalidInput("MAX_VALUE_EXCEEDED"));
      return { Roots: page.map((r) => ({ ...r, PolicyTypes: [] })), NextToken };
    },
    ListAccounts: (input) => {
      const all = [...org.accounts.values()].sort(byName);
      const { page, NextToken } = paginate(all, input, PAGE, "ListAccounts", invalidInput("MAX_VALUE_EXCEEDED"));
      return { Accounts: page.map(account), NextToken };
    },
    ListAccountsForParent: (input) => {
      const parent = parentId(input);
      const all = [...org.accounts.values()].filter((a) => a.parentId === parent).sort(byName);
      const { page, NextToken } = paginate(all, input, PAGE, `ListAccountsForParent:${parent}`, invalidInput("MAX_VALUE_EXCEEDED"));
      return { Accounts: page.map(account), NextToken };
    },
    ListOrganizationalUnitsForParent: (input) => {
      const parent = parentId(input);
      const all = [...org.organizationalUnits.values()].filter((o) => o.parentId === parent).sort(byName);
      const { page, NextToken } = paginate(all, input, PAGE, `ListOrganizationalUnitsForParent:${parent}`, invalidInput("MAX_VALUE_EXCEEDED"));
      return { OrganizationalUnits: page.map(ou), NextToken };
    },
    DescribeAccount: (input) => {
      const id = requireString(input, "AccountId", invalidInput("INVALID_PATTERN"), { max: 12, pattern: ACCOUNT_ID });
      const a = org.accounts.get(id);
      if (!a) throw new AwsJsonError("AccountNotFoundException", "You specified an account that doesn't exist.", 400);
      return { Account: account(a) };
    },
  };

  return {
    targetPrefix: "AWSOrganizationsV20161128",
    routePrefix: "organizations",
    operations,
    throttled: () =>
      new AwsJsonError(
        "TooManyRequestsException",
        "AWS Organizations can't complete your request because another request is already in progress. Try again later.",
        400,
        { Type: "TooManyRequestsException" },
      ),
    internalError: () =>
      new AwsJsonError("ServiceException", "AWS Organizations can't complete your request because of an internal service error. Try again later.", 500),
  };
}
