import { describe, expect, it } from "vitest";
import { storedVocabulary, StoredValueFault } from "./stored-vocabulary";

const format = storedVocabulary("Webhook.format", ["generic", "slack", "teams"]);

describe("a stored vocabulary", () => {
  it("reads a value of the vocabulary as it is", () => {
    expect(format.read("slack")).toBe("slack");
  });

  it("refuses any other value as a fault naming the table, the column and the value", () => {
    expect(() => format.read("discord")).toThrow(StoredValueFault);
    expect(() => format.read("discord")).toThrow("Webhook.format holds “discord”, which is not one of generic, slack, teams");
    expect(() => format.read("Slack")).toThrow(StoredValueFault);
  });
});
