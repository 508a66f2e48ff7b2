import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Which parts of lib/ may build on which. The cloud clients and the federation configuration sit
// below every capability, so they import none; capabilities reach the wizard only through the few
// functions it offers them, never through its step records.

const LIB = path.resolve(import.meta.dirname);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(d.name) && !d.name.endsWith(".test.ts") ? [full] : [];
  });
}

/** The lib/ modules a file imports, as paths inside lib/ without extension (e.g. "aws/aws-clients"). */
function libImports(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)].map((m) => m[1]!);
  return specifiers.flatMap((s) => {
    const resolved = s.startsWith("@/lib/") ? path.join(LIB, s.slice("@/lib/".length)) : s.startsWith(".") ? path.resolve(path.dirname(file), s) : null;
    if (!resolved || !resolved.startsWith(LIB + path.sep)) return [];
    return [path.relative(LIB, resolved).split(path.sep).join("/")];
  });
}

function violations(area: string, allowed: (target: string) => boolean): string[] {
  return sourceFiles(path.join(LIB, area)).flatMap((file) =>
    libImports(file)
      .filter((target) => !target.startsWith(`${area}/`) && !allowed(target))
      .map((target) => `${path.relative(LIB, file)} imports ${target}`),
  );
}

const under = (...prefixes: string[]) => (target: string) => prefixes.some((p) => target === p || target.startsWith(`${p}/`));

describe("module boundaries in lib/", () => {
  it("lib/aws and lib/entra import no capability, only errors, logging, HTTP and SAML parsing", () => {
    const allowed = under("errors", "log", "http", "saml");
    expect([...violations("aws", allowed), ...violations("entra", allowed)]).toEqual([]);
  });

  it("lib/federation imports only the database and the error vocabulary", () => {
    expect(violations("federation", under("db", "errors", "log"))).toEqual([]);
  });

  it("capabilities learn what is configured from lib/federation, not from the wizard's step records", () => {
    const wizardOffers = under("setup/setup-progress", "setup/connection-changes", "setup/federation-status");
    const setupOnlyThroughOffers = (target: string) => !target.startsWith("setup/") || wizardOffers(target);
    const found = ["access", "provisioning", "alerts", "status", "connections"].flatMap((area) => violations(area, setupOnlyThroughOffers));
    expect(found).toEqual([]);
  });
});
