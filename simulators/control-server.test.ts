import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startControlServer, type ControlServer } from "./control-server";
import { FaultInjector } from "./faults";

const faults = new FaultInjector([], () => 0);
let control: ControlServer;
beforeAll(async () => {
  control = await startControlServer({ faults, operations: [{ method: "POST", path: "/echo", run: (b) => ({ got: b }) }] });
});
afterAll(async () => control.close());

describe("simulator control API", () => {
  it("replaces, lists and clears fault rules at run time", async () => {
    const rules = [{ route: "graph:*", throttleRate: 1, retryAfterSeconds: 2 }];
    const put = await fetch(`${control.url}/faults`, { method: "PUT", body: JSON.stringify(rules) });
    expect(await put.json()).toEqual(rules);
    expect(await faults.decide("graph:GET /users")).toEqual({ kind: "throttle", retryAfterSeconds: 2 });
    expect(await faults.decide("scim:GET /Users")).toEqual({ kind: "none" });
    await fetch(`${control.url}/faults`, { method: "DELETE" });
    expect(await (await fetch(`${control.url}/faults`)).json()).toEqual([]);
  });

  it("rejects what is not a list of rules, and names unknown operations", async () => {
    expect((await fetch(`${control.url}/faults`, { method: "PUT", body: "{}" })).status).toBe(400);
    expect((await fetch(`${control.url}/faults`, { method: "PUT", body: "not json" })).status).toBe(400);
    const misspelt = await fetch(`${control.url}/faults`, { method: "PUT", body: '[{"route":"*","lostAnswerRate":1,"lostAnswerAs":"503"}]' });
    expect(misspelt.status).toBe(400);
    expect(await misspelt.json()).toEqual({ error: expect.stringMatching(/lostAnswerAs must be one of/) });
    const missing = await fetch(`${control.url}/nothing`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { operations: string[] }).operations).toContain("POST /echo");
  });

  it("runs registered operations with their JSON body", async () => {
    const res = await fetch(`${control.url}/echo`, { method: "POST", body: JSON.stringify({ a: 1 }) });
    expect(await res.json()).toEqual({ got: { a: 1 } });
  });
});
