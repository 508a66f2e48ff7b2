import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The simulators are an independent picture of the clouds: if they used SSO Bridge's own code, a
// bug in it would be reproduced by the simulator instead of caught by the tests. So no import
// crosses between lib/ (and the UI built on it) and simulators/, in either direction.

const ROOT = path.resolve(import.meta.dirname, "../..");
const SPECIFIER = /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)["']([^"']+)["']/g;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|mts|cts|js|mjs)$/.test(e.name))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)));
}

/** Each import in `file` (its text given) that lands in one of `folders`, as "file → specifier". */
function importsInto(file: string, folders: string[], text = fs.readFileSync(path.join(ROOT, file), "utf8")): string[] {
  return [...text.matchAll(SPECIFIER)]
    .map((m) => m[1]!)
    .filter((spec) => {
      const target = spec.startsWith("@/") ? path.join(ROOT, spec.slice(2)) : spec.startsWith(".") ? path.resolve(ROOT, path.dirname(file), spec) : null;
      if (!target) return false;
      const relative = path.relative(ROOT, target).split(path.sep).join("/");
      return folders.some((folder) => relative === folder || relative.startsWith(`${folder}/`));
    })
    .map((spec) => `${file} → ${spec}`);
}

describe("the simulators share no code with SSO Bridge", () => {
  it("nothing in simulators/ imports lib/, app/ or components/", () => {
    expect(sourceFiles("simulators").flatMap((f) => importsInto(f, ["lib", "app", "components"]))).toEqual([]);
  });

  it("nothing in lib/, app/ or components/ imports simulators/", () => {
    expect(["lib", "app", "components"].flatMap(sourceFiles).flatMap((f) => importsInto(f, ["simulators"]))).toEqual([]);
  });

  it("recognises an import into lib/ however it is written", () => {
    const text = 'import { a } from "../../lib/saml/parse-xml";\nimport type { B } from "@/lib/db";\nconst c = await import("../../lib/audit/hash");\nimport "../../lib/x";\nimport { d } from "../shared";\n';
    expect(importsInto("simulators/aws/probe.ts", ["lib"], text)).toEqual([
      "simulators/aws/probe.ts → ../../lib/saml/parse-xml",
      "simulators/aws/probe.ts → @/lib/db",
      "simulators/aws/probe.ts → ../../lib/audit/hash",
      "simulators/aws/probe.ts → ../../lib/x",
    ]);
  });
});
