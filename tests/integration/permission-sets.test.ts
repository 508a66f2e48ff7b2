import { CreateGroupCommand, IdentitystoreClient } from "@aws-sdk/client-identitystore";
import {
  ListAccountsForProvisionedPermissionSetCommand,
  ListPermissionSetsProvisionedToAccountCommand,
  ProvisionPermissionSetCommand,
  SSOAdminClient,
} from "@aws-sdk/client-sso-admin";
import { auditDetails } from "@/lib/audit/audit-event-columns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identityCenter } from "@/lib/access/configured-identity-center";
import { recentOperations, refreshOperations } from "@/lib/access/aws-operations";
import { createPermissionSetFor, deletePermissionSetFor, updatePermissionSetFor } from "@/lib/access/permission-set-changes";
import { formOf, permissionSetForm } from "@/lib/access/permission-set-input";
import { permissionSetView } from "@/lib/access/permission-sets-view";
import { permissionSetDetailReadings } from "@/lib/access/access-detail-readings";
import { refreshReading } from "@/lib/cloud-readings/refresh-reading";
import { permissionSetTemplates } from "@/lib/access/permission-set-templates";
import type { ChangedBy } from "@/lib/audit/record-audit-event";
import { createAccountAssignment, deleteAccountAssignment } from "@/lib/aws/account-assignments";
import { listPermissionSets, readPermissionSet } from "@/lib/aws/permission-sets";
import { saveAwsConnection } from "@/lib/connections/aws-connection";
import { AppError } from "@/lib/errors";
import { chooseIdentityCenterInstance } from "@/lib/setup/steps/identity-center-instance";
import { startAwsSimulatorEnv, type AwsSimulatorEnv } from "../support/aws-simulator-env";
import { testProvider, useFreshDatabase } from "../support/databases";

// Permission sets through lib/ against the simulated sso-admin API, on the real database: what is
// created, changed and deleted in AWS, what is audited, how a change reaches accounts already
// using the set, and what AWS's refusals look like to the person who asked.

const database = useFreshDatabase();
const by: ChangedBy = { actor: { type: "person", id: "person-ada", label: "Ada Admin" }, context: { requestId: "req-permission-sets" } };
let aws: AwsSimulatorEnv;
let dataTeamId = "";

beforeAll(async () => {
  aws = await startAwsSimulatorEnv();
});
afterAll(async () => {
  await aws?.close();
});

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e as AppError,
  );
const form = (f: Record<string, string>) => permissionSetForm.parse({ sessionHours: "2", ...f });
const events = (action: string) => database.client.auditEvent.findMany({ where: { action }, orderBy: { seq: "asc" } });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function settled(): Promise<void> {
  const t = await identityCenter();
  for (let i = 0; i < 40 && (await database.client.awsOperation.count({ where: { status: "IN_PROGRESS" } })) > 0; i++) {
    await sleep(100);
    await refreshOperations(t);
  }
}

describe(`permission sets on ${testProvider()}`, () => {
  it("asks for the IAM Identity Center instance before anything else", async () => {
    expect(await refusal(createPermissionSetFor(form({ name: "Early" }), by))).toMatchObject({
      code: "NotConfigured",
      message: expect.stringMatching(/IAM Identity Center instance/),
    });
    await saveAwsConnection({ region: aws.cloud.world.region }, by);
    await chooseIdentityCenterInstance(null, by);
  });

  it("creates a set from a template with everything a set can hold, and audits what it grants", async () => {
    const t = await identityCenter();
    const readOnly = permissionSetTemplates(t.instanceArn).find((x) => x.id === "read-only")!;
    const created = await createPermissionSetFor(
      form({
        ...formOf(readOnly.definition),
        name: "DataReaders",
        customerPolicies: "/team/ReadLake",
        inlinePolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:Delete*","Resource":"*"}]}',
        boundary: "managed",
        boundaryPolicy: "arn:aws:iam::aws:policy/PowerUserAccess",
        relayState: "https://console.aws.amazon.com/s3/home",
      }),
      by,
    );
    expect(await readPermissionSet(t, created.permissionSet.arn)).toMatchObject({
      name: "DataReaders",
      sessionDuration: "PT4H",
      managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
      customerManagedPolicies: [{ name: "ReadLake", path: "/team/" }],
      inlinePolicy: expect.stringContaining("s3:Delete*"),
      permissionsBoundary: { managedPolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess" },
      relayState: "https://console.aws.amazon.com/s3/home",
    });
    const [event] = await events("permission-set.create");
    expect(event).toMatchObject({ outcome: "success", targetId: created.permissionSet.arn, targetLabel: "DataReaders", actorLabel: "Ada Admin" });
    expect(auditDetails.decode(event!.details).after).toMatchObject({ managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] });
    expect((await listPermissionSets(t)).map((p) => p.name)).toEqual(["DataReaders"]);
  });

  it("explains AWS's refusal of a duplicate name in plain words, on the name field, audited as a failure", async () => {
    expect(await refusal(createPermissionSetFor(form({ name: "DataReaders" }), by))).toMatchObject({
      code: "Conflict",
      message:
        "A permission set named DataReaders already exists in this IAM Identity Center instance. Choose another name, or open DataReaders on the Access page to change it.",
      fieldErrors: { name: "This name is taken." },
    });
    expect((await events("permission-set.create")).map((e) => e.outcome)).toEqual(["success", "failure"]);
  });

  it("leaves nothing behind when a policy cannot be attached to a new set", async () => {
    aws.faults.set([{ route: "sso-admin:AttachManagedPolicyToPermissionSet", errorRate: 1 }]);
    try {
      const error = await refusal(createPermissionSetFor(form({ name: "HalfMade", managedPolicies: "arn:aws:iam::aws:policy/ReadOnlyAccess" }), by));
      expect(error?.message).toMatch(/attach the AWS managed policy arn:aws:iam::aws:policy\/ReadOnlyAccess .*Nothing was created\.$/);
    } finally {
      aws.faults.set([]);
    }
    expect((await listPermissionSets(await identityCenter())).map((p) => p.name)).toEqual(["DataReaders"]);
  });

  it("pushes a change to the accounts already using the set, and follows AWS's progress", async () => {
    const t = await identityCenter();
    const [ps] = await listPermissionSets(t);
    const ids = new IdentitystoreClient({});
    const { GroupId } = await ids.send(new CreateGroupCommand({ IdentityStoreId: t.identityStoreId, DisplayName: "Data team" }));
    dataTeamId = GroupId!;
    const accountId = [...aws.cloud.world.organization.accounts.keys()][0]!;
    await createAccountAssignment(t, { accountId, permissionSetArn: ps!.arn, principalType: "GROUP", principalId: GroupId! });
    await sleep(700);

    const current = formOf(await readPermissionSet(t, ps!.arn));
    const result = await updatePermissionSetFor(
      ps!.arn,
      form({
        ...current,
        managedPolicies: "arn:aws:iam::aws:policy/ReadOnlyAccess\narn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
        inlinePolicy: "",
        sessionHours: "8",
      }),
      by,
    );
    expect(result.reprovisionedAccounts).toBe(1);
    expect(result.permissionSet).toMatchObject({
      sessionDuration: "PT8H",
      inlinePolicy: null,
      managedPolicyArns: expect.arrayContaining(["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"]),
    });
    expect((await recentOperations({ permissionSetArn: ps!.arn }))[0]).toMatchObject({ kind: "provision-permission-set", status: "IN_PROGRESS" });
    await settled();
    expect((await recentOperations({ permissionSetArn: ps!.arn }))[0]).toMatchObject({ status: "SUCCEEDED" });

    const [update] = await events("permission-set.update");
    const details = auditDetails.decode(update!.details);
    expect(details.before).toMatchObject({ sessionDuration: "PT4H", inlinePolicy: expect.stringContaining("s3:Delete*") });
    expect(details.after).toMatchObject({ sessionDuration: "PT8H", inlinePolicy: null });
    expect(details.reprovision).toMatchObject({ accounts: 1 });
    expect(await events("provision-permission-set.complete")).toHaveLength(1);
  });

  it("refuses a rename, which AWS cannot do", async () => {
    const t = await identityCenter();
    const [ps] = await listPermissionSets(t);
    expect(await refusal(updatePermissionSetFor(ps!.arn, form({ ...formOf(await readPermissionSet(t, ps!.arn)), name: "Renamed" }), by))).toMatchObject({
      code: "InvalidInput",
      fieldErrors: { name: expect.any(String) },
    });
  });

  it("says which change failed, keeps the ones before it, and audits what the set now grants", async () => {
    const t = await identityCenter();
    const [ps] = await listPermissionSets(t);
    aws.faults.set([{ route: "sso-admin:PutInlinePolicyToPermissionSet", errorRate: 1 }]);
    try {
      const error = await refusal(
        updatePermissionSetFor(
          ps!.arn,
          form({
            ...formOf(await readPermissionSet(t, ps!.arn)),
            customerPolicies: "",
            inlinePolicy: '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}',
          }),
          by,
        ),
      );
      expect(error?.message).toMatch(/save the inline policy .*Changes before this one were saved/);
    } finally {
      aws.faults.set([]);
    }
    expect((await readPermissionSet(t, ps!.arn)).customerManagedPolicies).toEqual([]);
    const failed = (await events("permission-set.update")).at(-1)!;
    expect(failed.outcome).toBe("failure");
    expect(auditDetails.decode(failed.details).now).toMatchObject({ customerManagedPolicies: [], inlinePolicy: null });
  });

  it("explains throttling that outlasts the retries", async () => {
    aws.faults.set([{ route: "sso-admin:ListPermissionSets", throttleRate: 1 }]);
    try {
      expect(await refusal(listPermissionSets(await identityCenter()))).toMatchObject({ code: "Throttled", message: expect.stringMatching(/throttling/) });
    } finally {
      aws.faults.set([]);
    }
  }, 60_000);

  it("refuses to delete a set still in use, naming the accounts, then deletes it once unassigned", async () => {
    const t = await identityCenter();
    const [ps] = await listPermissionSets(t);
    const accountId = [...aws.cloud.world.organization.accounts.keys()][0]!;
    expect(await refusal(deletePermissionSetFor(ps!.arn, by))).toMatchObject({ code: "Conflict", message: expect.stringContaining(accountId) });
    await deleteAccountAssignment(t, { accountId, permissionSetArn: ps!.arn, principalType: "GROUP", principalId: dataTeamId });
    await sleep(700);
    expect(await deletePermissionSetFor(ps!.arn, by)).toEqual({ name: "DataReaders" });
    expect(await listPermissionSets(t)).toEqual([]);
    expect((await events("permission-set.delete")).map((e) => e.outcome)).toEqual(["failure", "success"]);
  });
});

// A change AWS accepted stays reported and audited as done, whatever fails after it: reading the
// set back, pushing it to its accounts. Faults are injected in the simulated sso-admin only.
describe(`permission set changes AWS accepted, on ${testProvider()}`, () => {
  let unreadArn = "";
  const lastEvent = async (action: string) => {
    const event = (await events(action)).at(-1)!;
    return { event, details: auditDetails.decode(event.details) };
  };

  it("reports and audits a create as done when the set cannot be read back, with what was sent", async () => {
    aws.faults.set([{ route: "sso-admin:DescribePermissionSet", errorRate: 1 }]);
    let created;
    try {
      created = await createPermissionSetFor(form({ name: "Unread", managedPolicies: "arn:aws:iam::aws:policy/ReadOnlyAccess" }), by);
    } finally {
      aws.faults.set([]);
    }
    unreadArn = created.permissionSet.arn;
    expect(created.permissionSet).toMatchObject({ name: "Unread", sessionDuration: "PT2H", managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] });
    expect(created.problems).toEqual([expect.stringMatching(/could not read it back/)]);
    const t = await identityCenter();
    expect(await readPermissionSet(t, unreadArn)).toMatchObject({ name: "Unread", managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] });
    const { event, details } = await lastEvent("permission-set.create");
    expect(event).toMatchObject({ outcome: "success", targetId: unreadArn, targetLabel: "Unread" });
    expect(details.after).toMatchObject({ name: "Unread", managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] });
    expect(details.readBack).toMatch(/could not read it back/);
  }, 60_000);

  it("reads a new set back again when the first reads fail, and shows it as AWS has it", async () => {
    // The SDK tries each call five times: these five failures outlast one read-back, not the next.
    aws.faults.set([{ route: "sso-admin:DescribePermissionSet", throttleRate: 1, retryAfterSeconds: 0, times: 5 }]);
    let created;
    try {
      created = await createPermissionSetFor(form({ name: "ReadAgain" }), by);
    } finally {
      aws.faults.set([]);
    }
    expect(created.problems).toEqual([]);
    expect(created.permissionSet.createdAt).toBeInstanceOf(Date);
    const { event, details } = await lastEvent("permission-set.create");
    expect(event).toMatchObject({ outcome: "success", targetLabel: "ReadAgain" });
    expect(details.readBack).toBeUndefined();
  }, 60_000);

  it("reports and audits an update as saved when the set cannot be read back, and still pushes it to its accounts", async () => {
    const t = await identityCenter();
    const accountId = [...aws.cloud.world.organization.accounts.keys()][1]!;
    await createAccountAssignment(t, { accountId, permissionSetArn: unreadArn, principalType: "GROUP", principalId: dataTeamId });
    await sleep(700);
    const current = formOf(await readPermissionSet(t, unreadArn));
    // The update reads the set once before changing it; every read after that fails.
    aws.faults.set([{ route: "sso-admin:DescribePermissionSet", errorRate: 1, skip: 1 }]);
    let result;
    try {
      result = await updatePermissionSetFor(unreadArn, form({ ...current, sessionHours: "8" }), by);
    } finally {
      aws.faults.set([]);
    }
    expect(result).toMatchObject({ permissionSet: { name: "Unread", sessionDuration: "PT8H" }, reprovisionedAccounts: 1 });
    expect(result.problems).toEqual([expect.stringMatching(/could not read it back/)]);
    expect((await readPermissionSet(t, unreadArn)).sessionDuration).toBe("PT8H");
    const { event, details } = await lastEvent("permission-set.update");
    expect(event).toMatchObject({ outcome: "success", targetId: unreadArn });
    expect(details).toMatchObject({ before: { sessionDuration: "PT2H" }, after: { sessionDuration: "PT8H" }, reprovision: { accounts: 1 } });
    expect(details.readBack).toMatch(/could not read it back/);
    expect((await recentOperations({ permissionSetArn: unreadArn }))[0]).toMatchObject({ kind: "provision-permission-set" });
    await settled();
  }, 60_000);

  it("reports and audits an update as saved when AWS cannot be asked to push it to its accounts", async () => {
    const t = await identityCenter();
    const current = formOf(await readPermissionSet(t, unreadArn));
    aws.faults.set([{ route: "sso-admin:ProvisionPermissionSet", errorRate: 1 }]);
    let result;
    try {
      result = await updatePermissionSetFor(unreadArn, form({ ...current, sessionHours: "4" }), by);
    } finally {
      aws.faults.set([]);
    }
    expect(result).toMatchObject({ permissionSet: { sessionDuration: "PT4H" }, reprovisionedAccounts: 0 });
    expect(result.problems).toEqual([expect.stringMatching(/still have the previous version.*Save again/)]);
    const { event, details } = await lastEvent("permission-set.update");
    expect(event.outcome).toBe("success");
    expect(details).toMatchObject({ after: { sessionDuration: "PT4H" }, reprovision: { error: expect.stringMatching(/provision the permission set Unread/) } });
  }, 60_000);

  it("decides a set is in use by its assignments: one only provisioned to an account is deleted, with its roles", async () => {
    const t = await identityCenter();
    const [provisionedOnly, assigned] = [...aws.cloud.world.organization.accounts.keys()];
    const readAgain = (await listPermissionSets(t)).find((p) => p.name === "ReadAgain")!;
    // Provisioned without anyone assigned, as ProvisionPermissionSet to one account leaves it.
    const sso = new SSOAdminClient({});
    for (const arn of [readAgain.arn, unreadArn])
      await sso.send(
        new ProvisionPermissionSetCommand({ InstanceArn: t.instanceArn, PermissionSetArn: arn, TargetType: "AWS_ACCOUNT", TargetId: provisionedOnly }),
      );
    await sleep(700);
    expect(
      (await sso.send(new ListAccountsForProvisionedPermissionSetCommand({ InstanceArn: t.instanceArn, PermissionSetArn: unreadArn }))).AccountIds?.sort(),
    ).toEqual([provisionedOnly, assigned].sort());

    await refreshReading(permissionSetDetailReadings.member(unreadArn));
    const view = await permissionSetView(unreadArn);
    expect(view.ok && view.data.value?.accounts).toEqual([assigned]);
    const refused = await refusal(deletePermissionSetFor(unreadArn, by));
    expect(refused).toMatchObject({ code: "Conflict", message: expect.stringContaining(`assigned in account ${assigned}`) });
    expect(refused!.message).not.toContain(provisionedOnly);

    expect(await deletePermissionSetFor(readAgain.arn, by)).toEqual({ name: "ReadAgain" });
    expect((await listPermissionSets(t)).map((p) => p.name)).not.toContain("ReadAgain");
    expect(
      (await sso.send(new ListPermissionSetsProvisionedToAccountCommand({ InstanceArn: t.instanceArn, AccountId: provisionedOnly }))).PermissionSets,
    ).toEqual([unreadArn]);
    const deleted = (await events("permission-set.delete")).at(-1)!;
    expect(deleted).toMatchObject({ outcome: "success", targetLabel: "ReadAgain" });
    expect(auditDetails.decode(deleted.details)).toMatchObject({ provisionedTo: [provisionedOnly] });
    sso.destroy();
  });

  it("reports and audits a create whose answer AWS lost as created, having found the one set AWS made", async () => {
    let creates = 0;
    const decide = aws.faults.decide.bind(aws.faults);
    aws.faults.decide = (route) => {
      if (route === "sso-admin:CreatePermissionSet") creates++;
      return decide(route);
    };
    aws.faults.set([{ route: "sso-admin:CreatePermissionSet", lostAnswerRate: 1, times: 1 }]);
    let created;
    try {
      created = await createPermissionSetFor(form({ name: "AnswerLost", managedPolicies: "arn:aws:iam::aws:policy/ReadOnlyAccess" }), by);
    } finally {
      aws.faults.set([]);
      aws.faults.decide = decide;
    }
    expect(creates).toBe(1);
    expect(created.problems).toEqual([]);
    expect(created.permissionSet).toMatchObject({ name: "AnswerLost", managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] });
    const sets = (await listPermissionSets(await identityCenter())).filter((p) => p.name === "AnswerLost");
    expect(sets.map((p) => p.arn)).toEqual([created.permissionSet.arn]);
    const event = (await events("permission-set.create")).at(-1)!;
    expect(event).toMatchObject({ outcome: "success", targetId: created.permissionSet.arn, targetLabel: "AnswerLost" });
    expect(auditDetails.decode(event.details)).toMatchObject({
      after: { managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] },
      answerLost: "AWS's answer to the create was lost (InternalFailure, HTTP 500); SSO Bridge found the permission set AWS had created.",
    });
  });

  it("reports a create that failed with a 500 as failed once it has looked and found no set, and audits what it found", async () => {
    aws.faults.set([{ route: "sso-admin:CreatePermissionSet", errorRate: 1, times: 1 }]);
    const error = await refusal(createPermissionSetFor(form({ name: "NotMade" }), by)).finally(() => aws.faults.set([]));
    expect(error).toMatchObject({ code: "Unavailable", message: expect.stringMatching(/AWS did not create it: there is no permission set named NotMade\.$/) });
    expect((await listPermissionSets(await identityCenter())).map((p) => p.name)).not.toContain("NotMade");
    const event = (await events("permission-set.create")).at(-1)!;
    expect(event).toMatchObject({ outcome: "failure", targetLabel: "NotMade" });
    expect(auditDetails.decode(event.details)).toMatchObject({ error: error?.message });
  });
});
