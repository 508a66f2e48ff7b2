import { describe, expect, it } from "vitest";
import { encodeState, restoreState } from "./persisted-state";

// The object graph as the simulators hold it, through the file and back into live objects.

class Store {
  readonly items = new Map<string, { name: string; at: Date; tags: Set<string> }>();
  counter = 0;
  describe(): string {
    return `${this.items.size} items`;
  }
}

describe("the simulators' saved state", () => {
  it("puts maps, sets, dates, shared objects and back-references back into the running objects", () => {
    const store = new Store();
    const shared = { name: "shared", at: new Date("2026-06-01T00:00:00Z"), tags: new Set(["a"]) };
    store.items.set("x", shared);
    store.items.set("y", shared);
    store.counter = 7;
    const world = { store, owner: null as unknown, timer: setTimeout(() => undefined, 0), list: [1, 2] };
    world.owner = world;
    clearTimeout(world.timer);
    const { text, skipped } = encodeState({ world }, new Set([Store]));
    expect([...skipped]).toEqual(["Timeout"]);

    const fresh = new Store();
    const target = { store: fresh, owner: null as unknown, list: [] as number[] };
    restoreState({ world: target }, text);
    expect(target.store).toBe(fresh);
    expect(fresh.describe()).toBe("2 items");
    expect(fresh.counter).toBe(7);
    expect(fresh.items.get("x")).toBe(fresh.items.get("y"));
    expect(fresh.items.get("x")!.at).toEqual(new Date("2026-06-01T00:00:00Z"));
    expect(fresh.items.get("x")!.tags).toEqual(new Set(["a"]));
    expect(target.owner).toBe(target);
    expect(target.list).toEqual([1, 2]);
  });

  it("never writes a prototype from a saved key", () => {
    const body = JSON.parse('{"__proto__": {"polluted": true}, "name": "ok"}') as Record<string, unknown>;
    const { text } = encodeState({ body }, new Set());
    const restored = { body: {} as Record<string, unknown> };
    const forged = text.replace('"$object":{"name"', '"$object":{"__proto__":{"$id":99,"$object":{"polluted":true}},"name"');
    expect(forged).not.toBe(text);
    expect(text).not.toContain("__proto__");
    restoreState(restored, forged);
    expect(restored.body.name).toBe("ok");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
