import { afterEach, describe, expect, it, vi } from "vitest";
import { SHARE_FOR_MS, sharedRead, tableWritten, transactionBoundary } from "./shared-reads";

// The sharing rules on their own; tests/integration/shared-reads.test.ts holds them to the database.

let n = 0;
const counter = () => {
  const key = `test-${++n}`;
  let reads = 0;
  return { key, reads: () => reads, read: () => Promise.resolve(++reads) };
};

describe("shared reads", () => {
  afterEach(() => vi.useRealTimers());

  it("one read serves every caller within the sharing period, and a new one is made after it", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const c = counter();
    expect(await Promise.all([sharedRead(c.key, ["Setting"], c.read), sharedRead(c.key, ["Setting"], c.read)])).toEqual([1, 1]);
    vi.setSystemTime(Date.now() + SHARE_FOR_MS - 1);
    expect(await sharedRead(c.key, ["Setting"], c.read)).toBe(1);
    vi.setSystemTime(Date.now() + 1);
    expect(await sharedRead(c.key, ["Setting"], c.read)).toBe(2);
  });

  it("a write to one of its tables ends the sharing at once; a write to another table does not", async () => {
    const c = counter();
    await sharedRead(c.key, ["Setting", "User"], c.read);
    tableWritten("Alert");
    expect(await sharedRead(c.key, ["Setting", "User"], c.read)).toBe(1);
    tableWritten("User");
    expect(await sharedRead(c.key, ["Setting", "User"], c.read)).toBe(2);
  });

  it("a read begun before a write finished is not shared after it", async () => {
    const c = counter();
    let finish: (v: number) => void = () => {};
    const slow = sharedRead(c.key, ["Setting"], () => new Promise<number>((resolve) => (finish = resolve)));
    tableWritten("Setting");
    finish(0);
    expect(await slow).toBe(0);
    expect(await sharedRead(c.key, ["Setting"], c.read)).toBe(1);
  });

  it("a transaction's start and its end each end the sharing of every table", async () => {
    const c = counter();
    await sharedRead(c.key, ["Setting"], c.read);
    transactionBoundary();
    expect(await sharedRead(c.key, ["Setting"], c.read)).toBe(2);
    transactionBoundary();
    expect(await sharedRead(c.key, ["Setting"], c.read)).toBe(3);
  });

  it("a write reported through another copy of this module ends the sharing, as Next.js loads server code more than once", async () => {
    const c = counter();
    await sharedRead(c.key, ["Setting"], c.read);
    vi.resetModules();
    const copy = await import("./shared-reads");
    copy.tableWritten("Setting");
    expect(await sharedRead(c.key, ["Setting"], c.read)).toBe(2);
  });

  it("keeps at most a thousand reads, dropping the oldest, however many distinct ones are asked for at once", async () => {
    const first = counter();
    await sharedRead(first.key, ["AuditEvent"], first.read);
    for (let i = 0; i < 1_000; i++) await sharedRead(`flood-${i}`, ["AuditEvent"], () => Promise.resolve(i));
    // Still within the sharing period, yet dropped to make room.
    expect(await sharedRead(first.key, ["AuditEvent"], first.read)).toBe(2);
  });

  it("a failed read is not shared: the next caller asks again", async () => {
    const c = counter();
    await expect(sharedRead(c.key, ["Setting"], () => Promise.reject(new Error("database down")))).rejects.toThrow("database down");
    expect(await sharedRead(c.key, ["Setting"], c.read)).toBe(1);
  });
});
