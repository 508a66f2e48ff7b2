import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { anchorFile } from "@/lib/audit/anchors";
import { recordAuditEvent, type ChangedBy } from "@/lib/audit/record-audit-event";
import { verifyAndRecord, verifyAuditChain } from "@/lib/audit/verify-chain";
import { rewriteHistory, truncateNewest } from "../support/audit-attacker";
import { clearAuditLog, testProvider, useFreshDatabase } from "../support/databases";

// Someone with the application's database credentials but without SSO_BRIDGE_ENCRYPTION_KEY edits
// the history and covers their tracks as well as the database lets them: relinks every later
// event, moves the chain's head, and removes the newest events. `audit verify` still says so.

const database = useFreshDatabase();
const by: ChangedBy = { actor: { type: "person", id: "u-ada", label: "Ada Admin" }, context: {} };

const append = (n: number) =>
  database.client.$transaction((tx) =>
    recordAuditEvent(tx, {
      actor: by.actor,
      action: "person.role.change",
      target: { type: "person", id: `p-${n}`, label: `Person ${n}` },
      outcome: "success",
      details: { before: { role: "viewer" }, after: { role: "operator" }, n },
    }),
  );

/** `npm run cli -- audit verify` against this database, as an operator runs it. */
async function cliVerify(): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await promisify(execFile)(path.resolve("node_modules/.bin/tsx"), ["scripts/cli.ts", "audit", "verify"], { env: process.env });
    return { code: 0, stdout };
  } catch (e) {
    const failed = e as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

/** A history of `n` events, anchored by an admin's "Verify the chain", then `after` more events. */
async function anchoredHistory(n: number, after: number) {
  await clearAuditLog(database.client);
  for (let i = 0; i < n; i++) await append(i);
  expect((await verifyAndRecord(by)).ok).toBe(true);
  for (let i = 0; i < after; i++) await append(n + i);
  expect((await verifyAuditChain(database.client)).ok).toBe(true);
}

describe(`tampering with the audit history on ${testProvider()}`, () => {
  it("catches an edited event whose later links and head were recomputed", async () => {
    await anchoredHistory(4, 4);
    const victim = await database.client.auditEvent.findFirstOrThrow({ where: { targetId: "p-5" } });
    await rewriteHistory(database.client, (r) => (r.seq === victim.seq ? { targetLabel: "Someone else" } : null));

    const result = await verifyAuditChain(database.client);
    expect(result).toMatchObject({ ok: false, firstBad: { seq: victim.seq } });
    const cli = await cliVerify();
    expect(cli.code).toBe(1);
    expect(cli.stdout).toMatch(new RegExp(`^audit chain BROKEN at event #${victim.seq} `));
  });

  it("catches a history rewritten from its first event to its head, as unkeyed links", async () => {
    await anchoredHistory(4, 0);
    const first = await database.client.auditEvent.findFirstOrThrow({ orderBy: { seq: "asc" } });
    await rewriteHistory(database.client, (r) => (r.seq === first.seq ? { outcome: "failure" } : {}), first.seq);

    const result = await verifyAuditChain(database.client);
    expect(result.ok).toBe(false);
    expect(result.ok || result.reason).toMatch(/anchor/);
    expect((await cliVerify()).code).toBe(1);
  });

  it("catches the newest events removed and the head moved back to match", async () => {
    await anchoredHistory(6, 2);
    // The admin's verification anchored the last event before its own.
    const anchored = await database.client.auditEvent.findFirstOrThrow({ where: { targetId: "p-5" } });
    await truncateNewest(database.client, 4);

    const result = await verifyAuditChain(database.client);
    expect(result).toMatchObject({ ok: false, firstBad: { seq: anchored.seq } });
    expect(result.ok || result.reason).toMatch(/anchor/);
    const cli = await cliVerify();
    expect(cli.code).toBe(1);
    expect(cli.stdout).toMatch(/^audit chain BROKEN at event #\d+ .*anchor/);
  });

  it("refuses an anchor altered in its file rather than passing it over", async () => {
    await anchoredHistory(3, 1);
    const file = anchorFile();
    const line = fs.readFileSync(file, "utf8").trimEnd().split("\n").at(-1)!;
    fs.appendFileSync(file, `${line.replace(/"seq":(\d+)/, (_, n: string) => `"seq":${Number(n) - 1}`)}\n`);
    const result = await verifyAuditChain(database.client);
    expect(result.ok).toBe(false);
    expect(result.ok || result.reason).toMatch(/anchor has a signature that does not verify/);
  });
});
