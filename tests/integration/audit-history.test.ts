import { beforeAll, describe, expect, it } from "vitest";
import { auditExportStream } from "@/lib/audit/audit-export";
import { auditPage, parseAuditQuery, type AuditFilter } from "@/lib/audit/audit-query";
import { recordAuditEvent, type AuditInput } from "@/lib/audit/record-audit-event";
import { verifyAndRecord } from "@/lib/audit/verify-chain";
import { clearAuditLog, testProvider, useFreshDatabase } from "../support/databases";

// The audit history as the Audit page and its exports read it: keyset pages that neither skip nor
// repeat, each filter, case-insensitive search in the details, streamed exports, and verification.

const database = useFreshDatabase();
const ada = { type: "person" as const, id: "u-ada", label: "Ada Admin" };
const olivia = { type: "person" as const, id: "u-olivia", label: "Olivia Operator" };
const by = { actor: ada, context: { requestId: "req-audit" } };

const append = (input: AuditInput) => database.client.$transaction((tx) => recordAuditEvent(tx, input));
const today = new Date().toISOString().slice(0, 10);
const dayAfter = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

async function allPages(filter: AuditFilter, limit: number): Promise<number[]> {
  const seqs: number[] = [];
  let before: number | null = null;
  for (;;) {
    const page = await auditPage(filter, before, limit);
    seqs.push(...page.events.map((e) => e.seq));
    if (page.olderThan === null) return seqs;
    before = page.olderThan;
  }
}

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  let out = "";
  const decoder = new TextDecoder();
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) out += decoder.decode(chunk);
  return out;
}

beforeAll(async () => {
  await clearAuditLog(database.client);
  for (let i = 0; i < 12; i++) {
    await append({
      actor: i % 3 === 0 ? olivia : ada,
      action: i % 2 === 0 ? "permission-set.update" : "assignment.create",
      target:
        i % 2 === 0
          ? { type: "permission-set", id: `arn:ps-${i % 4}`, label: `Set ${i % 4}` }
          : { type: "aws-account", id: "111122223333", label: "Production" },
      outcome: i === 5 ? "failure" : "success",
      details: { before: { sessionDuration: "PT1H" }, after: { sessionDuration: `PT${i + 1}H` }, note: i === 7 ? "Quarterly REVIEW" : "routine" },
    });
  }
  await append({
    actor: ada,
    action: "settings.sign-in.update",
    target: { type: "settings" },
    outcome: "success",
    details: { formula: '=HYPERLINK("http://evil")', clientSecret: "never-stored" },
  });
});

describe(`the audit history on ${testProvider()}`, () => {
  it("pages newest first by sequence, never skipping or repeating an event", async () => {
    const everything = (await database.client.auditEvent.findMany({ orderBy: { seq: "desc" }, select: { seq: true } })).map((e) => e.seq);
    expect(await allPages({}, 5)).toEqual(everything);
    expect(await allPages({}, 13)).toEqual(everything);
    const first = await auditPage({}, null, 5);
    expect(first.events[0]!.action).toBe("settings.sign-in.update");
  });

  it("filters by actor, action, target, outcome, day and text in the details", async () => {
    const count = async (f: AuditFilter) => (await allPages(f, 4)).length;
    expect(await count({ actor: "Olivia Operator" })).toBe(4);
    expect(await count({ action: "assignment.create" })).toBe(6);
    expect(await count({ targetType: "permission-set", targetId: "arn:ps-2" })).toBe(3);
    expect(await count({ outcome: "failure" })).toBe(1);
    expect(await count({ actor: "Ada Admin", action: "permission-set.update", outcome: "success" })).toBe(4);
    expect(await count(parseAuditQuery({ since: today, until: today }).filter)).toBe(13);
    expect(await count(parseAuditQuery({ since: dayAfter(today, 1) }).filter)).toBe(0);
    expect(await count({ text: "quarterly review" })).toBe(1);
  });

  it("matches the actor by part of a name or of a team member's mail, case ignored, and the action by its prefix", async () => {
    await database.client.user.upsert({
      where: { id: "u-olivia" },
      create: { id: "u-olivia", login: "olivia@contoso.com", name: "Olivia Operator", email: "o.operator@contoso.com" },
      update: {},
    });
    const count = async (f: AuditFilter) => (await allPages(f, 4)).length;
    expect(await count({ actor: "olivia" })).toBe(4);
    expect(await count({ actor: "OPERATOR" })).toBe(4);
    expect(await count({ actor: "o.operator@contoso" })).toBe(4);
    expect(await count({ actor: "nobody" })).toBe(0);
    expect(await count({ action: "permission-set" })).toBe(6);
    expect(await count({ action: "settings." })).toBe(1);
    expect(await count({ action: "permission-set.update" })).toBe(6);
  });

  it("searches the details of the whole history through the index, page by page, with the other filters", async () => {
    expect(await allPages({ text: "routine" }, 4)).toHaveLength(11);
    expect(await allPages({ text: "ROUTINE", actor: "Olivia" }, 2)).toHaveLength(4);
    expect(await allPages({ text: "outin", action: "assignment" }, 1)).toHaveLength(5);
    expect(await allPages({ text: "no-such-word" }, 4)).toHaveLength(0);
  });

  it("takes search text literally: quotes, wildcards and operators match themselves", async () => {
    await append({ actor: ada, action: "webhook.add", target: { type: "webhook" }, outcome: "success", details: { note: 'said "100%_done" OR NOT' } });
    expect(await allPages({ text: '"100%_done"' }, 4)).toHaveLength(1);
    expect(await allPages({ text: "100%_d" }, 4)).toHaveLength(1);
    expect(await allPages({ text: "100__done" }, 4)).toHaveLength(0);
    expect(await allPages({ text: "OR NOT" }, 4)).toHaveLength(1);
    expect(parseAuditQuery({ text: "ab" }).problems).toEqual(["Ignored the text filter “ab”: search for at least three characters."]);
  });

  it("names each filter it cannot use, and keeps the others", () => {
    const q = parseAuditQuery({ since: "yesterday", outcome: "maybe", action: "permission-set.update", before: "42" });
    expect(q.problems).toEqual([
      expect.stringMatching(/^Ignored the outcome filter “maybe”/),
      expect.stringMatching(/^Ignored the since filter “yesterday”: enter a date/),
    ]);
    expect(q.filter).toMatchObject({ action: "permission-set.update" });
    expect(q.before).toBe(42);
    expect(q.form).toEqual({ action: "permission-set.update" });
  });

  it("exports a filtered view as CSV and JSON Lines, in batches, with secrets already gone", async () => {
    // More events than one export batch, so the stream has to read on.
    for (let i = 0; i < 1_050; i++) await append({ actor: olivia, action: "webhook.deliver", target: { type: "test" }, outcome: "success", details: { i } });
    const csv = (await text(auditExportStream({ action: "webhook.deliver" }, "csv"))).trimEnd().split("\n");
    expect(csv[0]).toMatch(/^seq,id,occurredAt,actorType,/);
    expect(csv).toHaveLength(1 + 1_050);
    const jsonl = (await text(auditExportStream({ actor: "Ada Admin", action: "settings.sign-in.update" }, "jsonl")))
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as unknown);
    expect(jsonl).toHaveLength(1);
    expect(jsonl[0]).toMatchObject({ action: "settings.sign-in.update", actorLabel: "Ada Admin", details: { clientSecret: "[redacted]" } });
    const settingsCsv = await text(auditExportStream({ action: "settings.sign-in.update" }, "csv"));
    // No cell starts a formula a spreadsheet would run.
    expect(settingsCsv).toContain("HYPERLINK");
    expect(settingsCsv).not.toMatch(/(^|,)"?[=+@]/m);
  });

  it("verifies the whole chain on request and records that it did", async () => {
    const result = await verifyAndRecord(by);
    expect(result).toMatchObject({ ok: true, events: 14 + 1_050 });
    const last = await database.client.auditEvent.findFirst({ orderBy: { seq: "desc" } });
    expect(last).toMatchObject({ action: "audit.verify", actorLabel: "Ada Admin", outcome: "success" });
  });
});
