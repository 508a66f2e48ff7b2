import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { mutatingCommands, unguardedWrites } from "./aws-write-rules";

const ROOT = path.resolve(import.meta.dirname, "../..");

const awsModules = () =>
  fs
    .readdirSync(path.join(ROOT, "lib/aws"), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
    .map((f) => ({ file: `lib/aws/${f}`, text: fs.readFileSync(path.join(ROOT, "lib/aws", f), "utf8") }));

describe("every AWS write goes through a write client", () => {
  it("finds the writes it is meant to check", () => {
    const commands = awsModules().flatMap((m) => mutatingCommands(m.file, m.text).map((u) => u.command));
    expect(commands).toEqual(
      expect.arrayContaining([
        "CreatePermissionSetCommand",
        "PutInlinePolicyToPermissionSetCommand",
        "DetachManagedPolicyFromPermissionSetCommand",
        "ProvisionPermissionSetCommand",
        "CreateAccountAssignmentCommand",
        "DeleteAccountAssignmentCommand",
        "DeleteUserCommand",
        "DeleteGroupCommand",
        "DeleteGroupMembershipCommand",
      ]),
    );
  });

  it("holds in lib/aws", () => {
    expect(awsModules().flatMap((m) => unguardedWrites(m.file, m.text))).toEqual([]);
  });

  it("reports a write sent through a read client, directly or through an alias, and one not sent directly", () => {
    const source = `
      const reads = t.clients.ssoAdmin;
      const writes = t.clients.ssoAdminWrites;
      await t.clients.ssoAdmin.send(new CreatePermissionSetCommand({}));
      await reads.send(new DeleteAccountAssignmentCommand({}));
      const command = new PutInlinePolicyToPermissionSetCommand({});
      await writes.send(command);
      await writes.send(new AttachManagedPolicyToPermissionSetCommand({}));
      await t.clients.ssoAdminWrites.send(new ProvisionPermissionSetCommand({}));
      await t.clients.ssoAdmin.send(new DescribePermissionSetCommand({}));
      await t.clients.identityStore.send(new CreateGroupCommand({}));
    `;
    expect(unguardedWrites("lib/aws/example.ts", source)).toEqual([
      expect.stringMatching(/^lib\/aws\/example\.ts:4: CreatePermissionSetCommand is sent through t\.clients\.ssoAdmin,/),
      expect.stringMatching(/^lib\/aws\/example\.ts:5: DeleteAccountAssignmentCommand is sent through t\.clients\.ssoAdmin,/),
      "lib/aws/example.ts:6: PutInlinePolicyToPermissionSetCommand is not passed straight to a write client's send(...)",
      expect.stringMatching(/^lib\/aws\/example\.ts:11: CreateGroupCommand is sent through t\.clients\.identityStore,/),
    ]);
  });
});
