import { describe, expect, it } from "vitest";
import type { GroupChange } from "../entra/group-nesting";
import { applyRound, expand, MAX_NESTING_DEPTH, type Nesting } from "./nesting";

const group = (users: string[], groups: string[] = []) => ({ displayName: "", users, groups });
const change = (id: string, patch: Partial<GroupChange>): GroupChange => ({
  id,
  deleted: false,
  displayName: null,
  addedUsers: [],
  addedGroups: [],
  removedUsers: [],
  removedGroups: [],
  ...patch,
});

/** A chain g0 ⊃ g1 ⊃ … ⊃ g{n}, each with one user u{i}. */
function chain(n: number): Nesting {
  const nesting: Nesting = new Map();
  for (let i = 0; i <= n; i++) nesting.set(`g${i}`, group([`u${i}`], i < n ? [`g${i + 1}`] : []));
  return nesting;
}

describe("transitive expansion", () => {
  it("reaches the people of every nested group, once each", () => {
    const nesting: Nesting = new Map([
      ["dept", group(["ann"], ["team-a", "team-b"])],
      ["team-a", group(["bob", "cat"], ["shared"])],
      ["team-b", group(["cat"], ["shared"])],
      ["shared", group(["dan"])],
    ]);
    const e = expand(nesting, "dept");
    expect([...e.users].sort()).toEqual(["ann", "bob", "cat", "dan"]);
    expect([...e.groups].sort()).toEqual(["dept", "shared", "team-a", "team-b"]);
    expect(e.tooDeep).toEqual([]);
  });

  it("ends a cycle where it closes, the source included", () => {
    const nesting: Nesting = new Map([
      ["a", group(["u1"], ["b"])],
      ["b", group(["u2"], ["c"])],
      ["c", group(["u3"], ["a", "b"])],
    ]);
    expect([...expand(nesting, "a").users].sort()).toEqual(["u1", "u2", "u3"]);
    expect([...expand(nesting, "c").users].sort()).toEqual(["u1", "u2", "u3"]);
  });

  it("follows groups down to the depth limit and lists those below it", () => {
    const deep = chain(MAX_NESTING_DEPTH + 2);
    const e = expand(deep, "g0");
    expect(e.users.has(`u${MAX_NESTING_DEPTH}`)).toBe(true);
    expect(e.users.has(`u${MAX_NESTING_DEPTH + 1}`)).toBe(false);
    expect(e.tooDeep).toEqual([`g${MAX_NESTING_DEPTH + 1}`]);
    expect([...expand(chain(3), "g0", 1).users].sort()).toEqual(["u0", "u1"]);
  });

  it("skips groups Entra no longer has", () => {
    expect([...expand(new Map([["a", group(["u1"], ["gone"])]]), "a").users]).toEqual(["u1"]);
    expect(expand(new Map(), "missing").users.size).toBe(0);
  });
});

describe("applying a delta round", () => {
  it("replaces the nesting with a first round and changes only the groups a later round names", () => {
    const nesting: Nesting = new Map([["old", group(["x"])]]);
    applyRound(nesting, new Map([["a", change("a", { displayName: "A", addedUsers: ["u1", "u2"], addedGroups: ["b"] })]]), true);
    expect([...nesting.keys()]).toEqual(["a"]);

    const changed = applyRound(
      nesting,
      new Map([
        ["a", change("a", { addedUsers: ["u3"], removedUsers: ["u1"], removedGroups: ["b"] })],
        ["b", change("b", { displayName: "B", addedUsers: ["u9"] })],
      ]),
      false,
    );
    expect([...changed].sort()).toEqual(["a", "b"]);
    expect(nesting.get("a")).toEqual({ displayName: "A", users: ["u2", "u3"], groups: [] });
    expect(nesting.get("b")).toEqual({ displayName: "B", users: ["u9"], groups: [] });

    applyRound(nesting, new Map([["b", change("b", { deleted: true })]]), false);
    expect(nesting.has("b")).toBe(false);
  });
});
