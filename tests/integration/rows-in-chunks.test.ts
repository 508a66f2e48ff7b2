import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { insertRows } from "@/lib/rows-in-chunks";
import { useFreshDatabase } from "../support/databases";

// Many rows written as plain multi-row INSERTs, on both databases: every row arrives with its
// values as the ORM reads them back (text, null, booleans), across the statements' boundaries.

useFreshDatabase();

describe("insertRows", () => {
  it("writes every row, a few hundred to a statement, with nulls and booleans as the ORM reads them", async () => {
    const people = Array.from({ length: 1_234 }, (_, i) => ({
      id: `u-${String(i).padStart(4, "0")}`,
      name: i % 3 === 0 ? null : `Person ${i}`,
      active: i % 2 === 0,
    }));
    const written = await db().$transaction((tx) =>
      insertRows(tx, "DirectoryUser", ["id", "userName", "displayName", "email", "active", "searchText"], people, (p, i) => [
        p.id,
        `person${i}`,
        p.name,
        null,
        p.active,
        `person${i}`,
      ]),
    );
    expect(written).toBe(1_234);
    const rows = await db().directoryUser.findMany({ orderBy: { id: "asc" } });
    expect(rows).toHaveLength(1_234);
    expect(rows.map((r) => [r.id, r.displayName, r.active])).toEqual(people.map((p) => [p.id, p.name, p.active]));
    expect(rows[1_233]).toMatchObject({ userName: "person1233", email: null });
  });

  it("refuses a row whose values do not match the columns, and the transaction keeps none of it", async () => {
    // The first 500 are written before the bad one comes.
    const ids = Array.from({ length: 600 }, (_, i) => `g-${i}`);
    await expect(
      db().$transaction((tx) =>
        insertRows(tx, "DirectoryGroup", ["id", "displayName", "searchText"], ids, (id, i) => (i === 550 ? [id, "Short"] : [id, `Group ${i}`, `group ${i}`])),
      ),
    ).rejects.toThrow("a row for DirectoryGroup has 2 values for 3 columns");
    expect(await db().directoryGroup.count()).toBe(0);
  });
});
