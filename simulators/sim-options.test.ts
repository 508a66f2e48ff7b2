import { describe, expect, it } from "vitest";
import { defaultSimOptions, parseSimOptions } from "./sim-options";

describe("simulator options", () => {
  it("defaults to a small demo tenant", () => {
    expect(parseSimOptions([])).toEqual(defaultSimOptions);
  });

  it("reads sizes, shape, cycle and faults", () => {
    const o = parseSimOptions([
      "--users",
      "5000",
      "--groups",
      "300",
      "--nesting",
      "3",
      "--awkward",
      "0.25",
      "--seed",
      "7",
      "--cycle-seconds",
      "5",
      "--drift",
      "3",
      "--faults",
      '[{"route":"scim:*","errorRate":0.1}]',
    ]);
    expect(o).toMatchObject({
      users: 5000,
      groups: 300,
      nestingDepth: 3,
      awkwardShare: 0.25,
      seed: 7,
      cycleSeconds: 5,
      drift: 3,
      faults: [{ route: "scim:*", errorRate: 0.1 }],
    });
  });

  it("explains each wrong value", () => {
    expect(() => parseSimOptions(["--users", "many"])).toThrow('--users must be a number from 0 to 200000, not "many"');
    expect(() => parseSimOptions(["--awkward", "2"])).toThrow(/--awkward must be a number from 0 to 1/);
    expect(() => parseSimOptions(["--drift", "101"])).toThrow(/--drift must be a number from 0 to 100/);
    expect(() => parseSimOptions(["--region", "mars"])).toThrow(/--region must be an AWS region/);
    expect(() => parseSimOptions(["--faults", "{"])).toThrow(/^--faults: /);
    expect(() => parseSimOptions(["--colour", "red"])).toThrow(/colour/);
  });
});
