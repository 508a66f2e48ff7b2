import fs from "node:fs";
import path from "node:path";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { beforeAll, describe, expect, it } from "vitest";

// The house's layering is written as lint rules in eslint.config.mjs; these cases show that each rule reports a
// deliberate violation, spelled relatively and through the "@/" alias, and lets the allowed imports through.

const root = path.resolve(import.meta.dirname, "../..");
const LAYERING_RULES = new Set(["import/no-restricted-paths", "@typescript-eslint/no-restricted-imports", "no-restricted-syntax"]);

let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({
    cwd: root,
    // Only the layering rules, which need no type information: the linted texts are not files in the project.
    ruleFilter: ({ ruleId }) => LAYERING_RULES.has(ruleId),
    overrideConfig: [tseslint.configs.disableTypeChecked],
  });
});

/** What the layering rules say about `source` as if it were the file at `file` (relative to the root). */
async function layeringProblems(file: string, source: string) {
  const [result] = await eslint.lintText(source, { filePath: path.join(root, file) });
  if (!result) throw new Error(`ESLint returned no result for ${file}`);
  const fatal = result.messages.filter((m) => m.fatal);
  if (fatal.length > 0) throw new Error(`${file} did not parse: ${fatal.map((m) => m.message).join("; ")}`);
  return result.messages.map((m) => ({ rule: m.ruleId, message: m.message }));
}

/** An existing module of `folder` as an import path without its extension, so that the rules can resolve it. */
function moduleIn(folder: string): string {
  const file = fs
    .readdirSync(path.join(root, folder))
    .sort()
    .find((name) => /\.tsx?$/.test(name) && !name.endsWith(".test.ts") && !name.endsWith(".d.ts"));
  if (!file) throw new Error(`no module in ${folder}`);
  return `${folder}/${file.replace(/\.tsx?$/, "")}`;
}

async function expectRefused(file: string, source: string, says: string) {
  const problems = await layeringProblems(file, source);
  expect(problems).toHaveLength(1);
  expect(problems[0]?.message).toContain(says);
}

async function expectAllowed(file: string, source: string) {
  expect(await layeringProblems(file, source)).toEqual([]);
}

describe("rule 1: lib/ imports nothing from the UI, entry points or tests", () => {
  it("refuses lib/ importing app/, components/, scripts/ or tests/, relatively or through the alias", async () => {
    await expectRefused("lib/setup/x.ts", `import * as m from "@/${moduleIn("app")}";`, "lib/ is the domain");
    await expectRefused("lib/setup/x.ts", `import * as m from "../../${moduleIn("components/ui")}";`, "lib/ is the domain");
    await expectRefused("lib/x.ts", `import * as m from "../${moduleIn("scripts")}";`, "lib/ is the domain");
    await expectRefused("lib/audit/x.test.ts", `import * as m from "@/${moduleIn("tests/support")}";`, "lib/ is the domain");
  });

  it("lets lib/ import lib/", async () => {
    await expectAllowed("lib/setup/x.ts", `import * as m from "@/${moduleIn("lib/access")}";\nimport * as n from "../${moduleIn("lib/audit").slice(4)}";`);
  });
});

describe("rule 2: components/ import nothing from app/ or scripts/", () => {
  it("refuses a component importing a server action from app/", async () => {
    await expectRefused("components/setup/x.tsx", `import * as m from "@/${moduleIn("app")}";`, "server actions live in actions/");
    await expectRefused("components/setup/x.tsx", `export * from "../../${moduleIn("app")}";`, "server actions live in actions/");
  });

  it("refuses a component importing an entry point", async () => {
    await expectRefused("components/ui/x.tsx", `import * as m from "../../${moduleIn("scripts")}";`, "components/ import nothing from scripts/");
  });

  it("lets a component import other components and lib/", async () => {
    await expectAllowed("components/setup/x.tsx", `import * as m from "@/${moduleIn("components/ui")}";\nimport * as n from "@/${moduleIn("lib/setup")}";`);
  });
});

describe("rule 3: the UI never calls AWS or Graph", () => {
  it("refuses the cloud SDKs in app/, components/ and actions/", async () => {
    await expectRefused("app/(console)/x/page.tsx", `import { STSClient } from "@aws-sdk/client-sts";`, "The UI (app/, components/, actions/) never calls");
    await expectRefused(
      "components/ui/x.tsx",
      `import type { Client } from "@microsoft/microsoft-graph-client";`,
      "The UI (app/, components/, actions/) never calls",
    );
    await expectRefused("actions/x.ts", `const msal = await import("@azure/msal-node");`, "The UI (app/, components/, actions/) never calls");
  });

  it("refuses values from lib/aws and lib/entra, relatively, through the alias or loaded later", async () => {
    await expectRefused("components/access/x.tsx", `import { x } from "@/${moduleIn("lib/aws")}";`, "imports only types (import type)");
    await expectRefused("app/(console)/x/page.tsx", `import { x } from "../../../${moduleIn("lib/entra")}";`, "imports only types (import type)");
    await expectRefused("actions/x.ts", `export { x } from "@/${moduleIn("lib/aws")}";`, "imports only types (import type)");
    await expectRefused("actions/x.ts", `const m = await import("@/${moduleIn("lib/entra")}");`, "imports only types (import type)");
  });

  it("lets the UI import types from lib/aws and lib/entra", async () => {
    await expectAllowed("components/access/x.tsx", `import type { X } from "@/${moduleIn("lib/aws")}";`);
    await expectAllowed("app/(console)/x/page.tsx", `import { type X, type Y } from "../../../${moduleIn("lib/entra")}";`);
    await expectAllowed("actions/x.ts", `import type * as Aws from "@/${moduleIn("lib/aws")}";`);
  });
});

describe("rule 4: the cloud SDKs are imported only in their own cloud client", () => {
  it("refuses the SDKs in feature modules and root files", async () => {
    await expectRefused("lib/access/x.ts", `import { SSOAdminClient } from "@aws-sdk/client-sso-admin";`, "used only in lib/aws (AWS SDK) and lib/entra");
    await expectRefused("lib/x.ts", `import { ConfidentialClientApplication } from "@azure/msal-node";`, "used only in lib/aws (AWS SDK) and lib/entra");
    await expectRefused("x.config.ts", `import { Client } from "@microsoft/microsoft-graph-client";`, "used only in lib/aws (AWS SDK) and lib/entra");
  });

  it("refuses the other cloud's SDK in a cloud client", async () => {
    await expectRefused("lib/aws/x.ts", `import { Client } from "@microsoft/microsoft-graph-client";`, "lib/aws speaks only to AWS");
    await expectRefused("lib/entra/x.ts", `import { STSClient } from "@aws-sdk/client-sts";`, "lib/entra speaks only to Microsoft");
  });

  it("lets each cloud client, the simulators, scripts and tests import the SDKs", async () => {
    await expectAllowed("lib/aws/x.ts", `import { STSClient } from "@aws-sdk/client-sts";`);
    await expectAllowed(
      "lib/entra/x.ts",
      `import { Client } from "@microsoft/microsoft-graph-client";\nimport { ConfidentialClientApplication } from "@azure/msal-node";`,
    );
    await expectAllowed("simulators/x.test.ts", `import { STSClient } from "@aws-sdk/client-sts";`);
    await expectAllowed("scripts/x.ts", `import { SSOAdminClient } from "@aws-sdk/client-sso-admin";`);
    await expectAllowed("tests/clouds/x.test.ts", `import { Client } from "@microsoft/microsoft-graph-client";`);
  });
});

describe("rule 5: lib/aws and lib/entra import no feature module", () => {
  it("refuses a cloud client importing a feature module, relatively or through the alias", async () => {
    await expectRefused(
      "lib/aws/x.ts",
      `import * as m from "../${moduleIn("lib/access").slice(4)}";`,
      "lib/aws is a cloud client and imports no feature module",
    );
    await expectRefused("lib/aws/x.ts", `import * as m from "@/${moduleIn("lib/setup")}";`, "lib/aws is a cloud client and imports no feature module");
    await expectRefused("lib/entra/x.ts", `import * as m from "@/lib/db";`, "lib/entra is a cloud client and imports no feature module");
  });

  it("refuses one cloud client importing the other", async () => {
    await expectRefused("lib/aws/x.ts", `import * as m from "../${moduleIn("lib/entra").slice(4)}";`, "lib/aws does not import lib/entra");
    await expectRefused("lib/entra/x.ts", `import * as m from "@/${moduleIn("lib/aws")}";`, "lib/entra does not import lib/aws");
  });

  it("lets a cloud client import its own folder, lib/errors, lib/log, lib/saml and lib/utc-time", async () => {
    await expectAllowed(
      "lib/aws/x.ts",
      [
        `import * as a from "./${moduleIn("lib/aws").slice(8)}";`,
        `import * as b from "@/lib/errors";`,
        `import * as c from "../log";`,
        `import * as d from "@/${moduleIn("lib/saml")}";`,
        `import * as e from "../utc-time";`,
      ].join("\n"),
    );
    await expectAllowed("lib/entra/x.ts", `import * as a from "@/${moduleIn("lib/entra")}";\nimport * as b from "../errors";`);
  });
});

describe("rule 6: the simulators share no code with SSO Bridge", () => {
  it("refuses a simulator importing lib/, app/, components/ or scripts/", async () => {
    await expectRefused("simulators/aws/x.ts", `import * as m from "../../${moduleIn("lib/saml")}";`, "simulators/ are an independent picture");
    await expectRefused("simulators/x.ts", `import * as m from "@/${moduleIn("app")}";`, "simulators/ are an independent picture");
    await expectRefused("simulators/x.ts", `import * as m from "@/${moduleIn("components/ui")}";`, "simulators/ are an independent picture");
    await expectRefused("simulators/x.test.ts", `import * as m from "../${moduleIn("scripts")}";`, "simulators/ are an independent picture");
  });

  it("refuses SSO Bridge importing a simulator", async () => {
    await expectRefused("lib/x.ts", `import * as m from "../${moduleIn("simulators")}";`, "Only tests/ and scripts/ use simulators/");
    await expectRefused("components/ui/x.tsx", `import * as m from "@/${moduleIn("simulators")}";`, "Only tests/ and scripts/ use simulators/");
    await expectRefused("app/x.ts", `import * as m from "@/${moduleIn("simulators")}";`, "Only tests/ and scripts/ use simulators/");
    await expectRefused("actions/x.ts", `import * as m from "../${moduleIn("simulators")}";`, "Only tests/ and scripts/ use simulators/");
  });

  it("lets simulators, tests and scripts use the simulators", async () => {
    await expectAllowed("simulators/aws/x.ts", `import * as m from "../${moduleIn("simulators")}";`);
    await expectAllowed("tests/clouds/x.test.ts", `import * as m from "@/${moduleIn("simulators")}";`);
    await expectAllowed("scripts/x.ts", `import * as m from "../${moduleIn("simulators")}";`);
  });
});

describe("rule 7: actions/ import nothing from app/ or components/", () => {
  it("refuses a server action importing a page or a component", async () => {
    await expectRefused("actions/x.ts", `import * as m from "@/${moduleIn("app")}";`, "actions/ import nothing from app/ or components/");
    await expectRefused("actions/setup/x.ts", `import * as m from "../../${moduleIn("components/ui")}";`, "actions/ import nothing from app/ or components/");
  });

  it("lets a server action import lib/", async () => {
    await expectAllowed("actions/x.ts", `import * as m from "@/lib/action";\nimport * as n from "../${moduleIn("lib/setup")}";`);
  });
});

describe("rule 8: lib/federation sits below every capability", () => {
  it("refuses lib/federation importing a capability", async () => {
    await expectRefused("lib/federation/x.ts", `import * as m from "../access/configured-identity-center";`, "lib/federation is the configuration");
    await expectRefused("lib/federation/x.ts", `import * as m from "@/lib/setup/step-store";`, "lib/federation is the configuration");
  });

  it("lets lib/federation use the database and the error vocabulary", async () => {
    await expectAllowed("lib/federation/x.ts", `import { db } from "../db";\nimport { AppError } from "@/lib/errors";`);
  });
});

describe("rule 9: outside the wizard, lib/ reaches lib/setup only through what it offers", () => {
  it("refuses a capability reading the wizard's step records", async () => {
    await expectRefused("lib/access/x.ts", `import * as m from "../setup/step-store";`, "reads what is configured from lib/federation");
    await expectRefused("lib/provisioning/x.ts", `import * as m from "@/lib/setup/step-data";`, "reads what is configured from lib/federation");
  });

  it("lets capabilities use the wizard's progress, its resets and the Federation card, and the wizard use itself", async () => {
    await expectAllowed("lib/provisioning/x.ts", `import * as m from "../setup/setup-progress";`);
    await expectAllowed("lib/connections/x.ts", `import * as m from "@/lib/setup/connection-changes";`);
    await expectAllowed("lib/status/x.ts", `import * as m from "../setup/federation-status";`);
    await expectAllowed("lib/setup/steps/x.ts", `import * as m from "../step-store";`);
  });
});
