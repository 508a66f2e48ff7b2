import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { entryPointProblems } from "./entry-point-rules";

const ROOT = path.resolve(import.meta.dirname, "../..");

function sourceFiles(dir: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, rel), { withFileTypes: true })) {
      const child = path.posix.join(rel, entry.name);
      if (entry.isDirectory()) {
        if (child !== "lib/generated") walk(child);
      } else if (/\.[jt]sx?$/.test(entry.name)) {
        out.push({ file: child, text: fs.readFileSync(path.join(ROOT, child), "utf8") });
      }
    }
  };
  walk(dir);
  return out;
}

describe("every entry point goes through its wrapper", () => {
  const files = ["actions", "app", "components", "lib"].flatMap(sourceFiles);

  it("finds the server action modules and route handlers it is meant to check", () => {
    const actionModules = files.filter((f) => f.file.startsWith("actions/") && /^["']use server["']/m.test(f.text));
    expect(actionModules.map((f) => f.file)).toEqual(
      expect.arrayContaining(["actions/access.ts", "actions/people.ts", "actions/settings.ts", "actions/setup.ts"]),
    );
    expect(files.map((f) => f.file)).toEqual(
      expect.arrayContaining([
        "app/api/health/route.ts",
        "app/api/auth/[...nextauth]/route.ts",
        "app/(console)/audit/export/route.ts",
        "app/(console)/setup/federation-metadata/route.ts",
      ]),
    );
  });

  it('has every server action built by defineAction, every route handler by defineRoute, and no "use server" outside actions/', () => {
    expect(files.flatMap((f) => entryPointProblems(f.file, f.text))).toEqual([]);
  });
});

describe("the entry point check", () => {
  it("reports a hand-written exported server action", () => {
    const source = `"use server";
import { defineAction } from "@/lib/action";
import { canView } from "@/lib/security/permissions";
import { z } from "zod";

export const fine = defineAction({ name: "x", input: z.object({}), allowed: canView, run: async () => 1 });

export async function deletePeople(form: FormData) {
  return form.get("id");
}
`;
    expect(entryPointProblems("actions/people.ts", source)).toEqual([
      'actions/people.ts:8: deletePeople is exported from a "use server" module but not built by defineAction(...) from lib/action',
    ]);
  });

  it("reports a bare exported route handler, and one exported under another name", () => {
    const source = `import { defineRoute } from "@/lib/route";

export async function GET(request: Request) {
  return new Response("secret");
}

const post = async () => new Response("ok");
const ok = defineRoute({ name: "ok", allowed: "public", run: async () => new Response("ok") });
export { post as POST, ok as PUT };
`;
    expect(entryPointProblems("app/(console)/things/route.ts", source)).toEqual([
      "app/(console)/things/route.ts:3: the route handler GET is not built by defineRoute(...) from lib/route",
      "app/(console)/things/route.ts:7: the route handler POST is not built by defineRoute(...) from lib/route",
    ]);
  });

  it('reports "use server" outside actions/, at module level or inside a function', () => {
    const moduleLevel = `"use server";\nexport const x = 1;\n`;
    expect(entryPointProblems("app/(console)/settings/actions.ts", moduleLevel)).toContain(
      'app/(console)/settings/actions.ts:1: "use server" outside actions/; define the action with defineAction in actions/ and import it from there',
    );
    const inline = `export function Form() {\n  async function save() {\n    "use server";\n  }\n  return save;\n}\n`;
    expect(entryPointProblems("components/settings/form.tsx", inline)).toEqual([
      'components/settings/form.tsx:3: "use server" outside actions/; define the action with defineAction in actions/ and import it from there',
    ]);
  });

  it("does not take a look-alike wrapper or a re-export for the real one", () => {
    const lookAlike = `"use server";
const defineAction = (f: unknown) => f;
export const save = defineAction(async () => 1);
export { remove } from "./elsewhere";
`;
    expect(entryPointProblems("actions/things.ts", lookAlike)).toEqual([
      'actions/things.ts:3: save is exported from a "use server" module but not built by defineAction(...) from lib/action',
      'actions/things.ts:4: remove is exported from a "use server" module but not built by defineAction(...) from lib/action',
    ]);
  });

  it("accepts the wrapper imported relatively or under another name, and type exports", () => {
    const source = `"use server";
import { defineAction as action } from "../lib/action";
export type Saved = { id: string };
export const save = action({} as never);
`;
    expect(entryPointProblems("actions/things.ts", source)).toEqual([]);
  });
});
