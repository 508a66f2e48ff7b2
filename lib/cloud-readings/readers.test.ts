import { z } from "zod";
import { describe, expect, it } from "vitest";
import { isDue } from "./readers";
import { defineReadingFamily, memberOf } from "./reading-family";

const now = new Date("2026-11-30T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);
const row = (r: Partial<Parameters<typeof isDue>[1] & object>) => ({
  readAt: null,
  attemptedAt: null,
  problem: null,
  requestedAt: null,
  watchedUntil: null,
  ...r,
});
const family = defineReadingFamily({
  prefix: "test.account:",
  label: (id) => `account ${id}`,
  schema: z.object({ n: z.number() }),
  budget: () => Promise.resolve(null),
  read: () => Promise.resolve({ n: 1 }),
  watchedMaxAgeMs: 60_000,
});
const member = family.member("111122223333");

describe("when a reading is due", () => {
  it("reads a family member its page asks for, then again only while the page stays open", () => {
    expect(member.key).toBe("test.account:111122223333");
    expect(memberOf([family], member.key)?.key).toBe(member.key);
    expect(memberOf([family], "test.other:111122223333")).toBeNull();
    expect(isDue(member, row({ watchedUntil: new Date(now.getTime() + 60_000) }), now)).toBe(true);
    const open = { watchedUntil: new Date(now.getTime() + 30_000), attemptedAt: ago(30_000) };
    expect(isDue(member, row({ ...open, readAt: ago(30_000) }), now)).toBe(false);
    expect(isDue(member, row({ ...open, readAt: ago(61_000), attemptedAt: ago(61_000) }), now)).toBe(true);
  });

  it("never reads a member by its age once nobody looks, however old", () => {
    expect(isDue(member, row({ readAt: ago(30 * 86_400_000), attemptedAt: ago(30 * 86_400_000), watchedUntil: ago(1_000) }), now)).toBe(false);
  });

  it("reads one asked for since its last attempt, and after a problem waits before trying again", () => {
    expect(isDue(member, row({ readAt: ago(5_000), attemptedAt: ago(5_000), requestedAt: ago(1_000) }), now)).toBe(true);
    const failing = { attemptedAt: ago(10_000), problem: "throttled", watchedUntil: new Date(now.getTime() + 30_000) };
    expect(isDue({ ...member, watchedMaxAgeMs: 1_000 }, row(failing), now)).toBe(false);
    expect(isDue({ ...member, watchedMaxAgeMs: 1_000 }, row({ ...failing, attemptedAt: ago(16_000) }), now)).toBe(true);
  });
});
