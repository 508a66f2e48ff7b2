import { describe, expect, it } from "vitest";
import { parseLogQuery } from "./log-query";

describe("the log viewer's URL filters", () => {
  it("turns search parameters into a Graph filter, with until covering its whole day", () => {
    const q = parseLogQuery({ identity: " ada ", action: "Create", outcome: "failure", since: "2026-11-01", until: "2026-11-02", page: "abc" });
    expect(q.filter).toEqual({
      identity: "ada",
      action: "Create",
      status: "failure",
      since: new Date("2026-11-01T00:00:00Z"),
      until: new Date("2026-11-03T00:00:00Z"),
      hideNoChange: true,
    });
    expect(q.cursor).toBe("abc");
    expect(q.problems).toEqual([]);
  });

  it("drops and names values that do not parse", () => {
    const q = parseLogQuery({ action: "Explode", since: "yesterday", outcome: ["skipped", "failure"] });
    expect(q.filter).toEqual({ identity: undefined, action: undefined, status: "skipped", since: undefined, until: undefined, hideNoChange: false });
    expect(q.problems).toHaveLength(2);
    expect(q.problems.join(" ")).toMatch(/YYYY-MM-DD/);
  });

  it("hides entries that changed nothing unless asked to show them, or unless the filter names them", () => {
    expect(parseLogQuery({}).filter.hideNoChange).toBe(true);
    expect(parseLogQuery({ show: "all" }).filter.hideNoChange).toBe(false);
    expect(parseLogQuery({ action: "Other" }).filter.hideNoChange).toBe(false);
    expect(parseLogQuery({ show: "everything" }).problems).toHaveLength(1);
  });
});
