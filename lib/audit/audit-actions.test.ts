import { describe, expect, it } from "vitest";
import { AUDIT_ACTION_CHOICES } from "./audit-actions";
import { parseAuditQuery } from "./audit-query";

describe("the catalogue of audit actions", () => {
  it("lists each name once, current and former names together, so that a name has one meaning", () => {
    const names = AUDIT_ACTION_CHOICES.map((a) => a.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it("offers every name, current or former, as one the Audit page's action filter accepts", () => {
    for (const { name, label } of AUDIT_ACTION_CHOICES) {
      expect(label.trim(), name).not.toBe("");
      expect(parseAuditQuery({ action: name }), name).toMatchObject({ filter: { action: name }, problems: [] });
    }
  });
});
