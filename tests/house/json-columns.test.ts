import path from "node:path";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { beforeAll, describe, expect, it } from "vitest";

// JSON text is parsed in one module (lib/http/json-text.ts) and stored columns through their codecs (lib/json-column.ts):
// eslint.config.mjs holds the rule. These cases show that it refuses JSON.parse in SSO Bridge's own code, however spelled,
// lets the one module, tests and the simulators through, and that the code as it stands keeps to it.

const root = path.resolve(import.meta.dirname, "../..");
const RULE = "no-restricted-properties";

let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root, ruleFilter: ({ ruleId }) => ruleId === RULE, overrideConfig: [tseslint.configs.disableTypeChecked] });
});

async function problems(file: string, source: string) {
  const [result] = await eslint.lintText(source, { filePath: path.join(root, file) });
  if (!result) throw new Error(`ESLint returned no result for ${file}`);
  const fatal = result.messages.filter((m) => m.fatal);
  if (fatal.length > 0) throw new Error(`${file} did not parse: ${fatal.map((m) => m.message).join("; ")}`);
  return result.messages.map((m) => m.message);
}

const PARSES = "export const read = (text: string): unknown => JSON.parse(text);\n";

describe("JSON is parsed in one module", () => {
  it("refuses JSON.parse in lib/, app/, components/, actions/ and scripts/, pointing at the helpers", async () => {
    for (const file of ["lib/x.ts", "lib/setup/x.ts", "app/(console)/x/page.tsx", "components/x/x.tsx", "actions/x.ts", "scripts/x.ts"]) {
      const found = await problems(file, PARSES);
      expect(found, file).toHaveLength(1);
      expect(found[0], file).toContain("jsonColumn in lib/json-column.ts");
    }
  });

  it("refuses it however it is reached: destructured, or named as a computed property", async () => {
    expect(await problems("lib/x.ts", "const { parse } = JSON;\nexport const read = (text: string): unknown => parse(text);\n")).toHaveLength(1);
    expect(await problems("lib/x.ts", 'export const read = (text: string): unknown => JSON["parse"](text);\n')).toHaveLength(1);
  });

  it("lets lib/http/json-text.ts, tests and the simulators parse JSON, and anyone write it", async () => {
    expect(await problems("lib/http/json-text.ts", PARSES)).toEqual([]);
    expect(await problems("lib/setup/x.test.ts", PARSES)).toEqual([]);
    expect(await problems("tests/integration/x.test.ts", PARSES)).toEqual([]);
    expect(await problems("simulators/aws/x.ts", PARSES)).toEqual([]);
    expect(await problems("lib/x.ts", "export const write = (value: unknown) => JSON.stringify(value);\n")).toEqual([]);
  });

  it("holds in SSO Bridge's code as it stands", async () => {
    const results = await eslint.lintFiles(["lib", "app", "components", "actions", "scripts"]);
    const found = results.flatMap((r) => r.messages.filter((m) => m.ruleId === RULE).map((m) => `${path.relative(root, r.filePath)}:${m.line}`));
    expect(found).toEqual([]);
  });
});
