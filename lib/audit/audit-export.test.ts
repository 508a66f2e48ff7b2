import { describe, expect, it } from "vitest";
import { auditExportQuery, csvCell } from "./audit-export";

describe("a CSV cell of the audit export", () => {
  it("quotes commas, quotes and line breaks as RFC 4180 says", () => {
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell(null)).toBe("");
    expect(csvCell(new Date("2026-11-29T10:00:00Z"))).toBe("2026-11-29T10:00:00.000Z");
  });

  it("keeps a spreadsheet from running a value as a formula", () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("-1")).toBe("'-1");
  });
});

describe("the export's URL parameters", () => {
  it("asks for a format before anything else", () => {
    const parsed = auditExportQuery.safeParse({ action: "person.role.change" });
    expect(parsed.error?.issues.map((i) => i.message)).toEqual(["Ask for format=csv or format=jsonl."]);
  });

  it("refuses a filter that does not parse by name, as the Audit page does", () => {
    const parsed = auditExportQuery.safeParse({ format: "csv", since: "yesterday" });
    expect(parsed.error?.issues.map((i) => i.message)).toEqual(["Ignored the since filter “yesterday”: enter a date as YYYY-MM-DD."]);
  });

  it("carries the filters to the export", () => {
    const parsed = auditExportQuery.parse({ format: "jsonl", action: "person.role.change", outcome: "success" });
    expect(parsed.format).toBe("jsonl");
    expect(parsed.query.filter).toMatchObject({ action: "person.role.change", outcome: "success" });
  });
});
