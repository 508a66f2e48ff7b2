import { defineConfig, globalIgnores } from "eslint/config";
import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import tseslint from "typescript-eslint";

const root = import.meta.dirname;

const UI = ["app/**", "components/**", "actions/**"];
const UI_TS_FILES = ["{app,components,actions}/**/*.{ts,tsx}"];
const ROOT_FILES = ["*.{js,mjs,cjs,ts,mts,cts,tsx}"];
const TS_FILES = ["**/*.{ts,tsx,mts,cts}"];

// Packages are matched by where they resolve, so a nested copy under another package counts too.
const AWS_SDK = ["**/node_modules/@aws-sdk/**"];
const ENTRA_SDKS = ["**/node_modules/@microsoft/microsoft-graph-client/**", "**/node_modules/@azure/msal-node/**"];

// The house's layering (DESIGN.md "Rules of the house"). import/no-restricted-paths resolves every import (relative,
// "@/" alias, package, dynamic import(), require) to a file before comparing, so one zone covers every spelling.
// Each import breaks at most one zone, so each violation is reported once, with the rule and where the code belongs.
const layers = [
  {
    target: "./lib",
    from: ["./app", "./components", "./actions", "./scripts", "./tests"],
    message:
      "lib/ is the domain and imports nothing from app/, components/, actions/, scripts/ or tests/: move what both sides need into lib/, or have the caller pass it in.",
  },
  {
    target: "./components",
    from: "./app",
    message: "components/ import nothing from app/: server actions live in actions/, domain code in lib/, and pages pass data to components as props.",
  },
  {
    target: "./components",
    from: "./scripts",
    message: "components/ import nothing from scripts/ (entry points): code both need belongs in lib/.",
  },
  {
    target: UI,
    from: [...AWS_SDK, ...ENTRA_SDKS],
    message:
      "The UI (app/, components/, actions/) never calls AWS or Microsoft Graph: call a lib/ feature function (from a page or a server action in actions/); only lib/aws and lib/entra use the cloud SDKs.",
  },
  {
    target: ["./lib/!(aws|entra)/**", "./lib/*", ...ROOT_FILES],
    from: [...AWS_SDK, ...ENTRA_SDKS],
    message: "The cloud SDKs are used only in lib/aws (AWS SDK) and lib/entra (Graph client, MSAL): add or call a function there instead.",
  },
  {
    target: "./lib/aws",
    from: ENTRA_SDKS,
    message: "lib/aws speaks only to AWS: the Graph client and MSAL belong in lib/entra.",
  },
  {
    target: "./lib/entra",
    from: AWS_SDK,
    message: "lib/entra speaks only to Microsoft: the AWS SDK belongs in lib/aws.",
  },
  ...["aws", "entra"].flatMap((cloud) => {
    const other = cloud === "aws" ? "entra" : "aws";
    return [
      {
        target: `./lib/${cloud}`,
        from: "./lib",
        except: [cloud, other, "errors", "errors.ts", "log", "log.ts", "http", "saml", "utc-time", "utc-time.ts"],
        message: `lib/${cloud} is a cloud client and imports no feature module (only lib/${cloud}, lib/errors, lib/log, lib/http, lib/saml, lib/utc-time and packages): take what it needs as arguments and let the feature module in lib/ call it.`,
      },
      {
        target: `./lib/${cloud}`,
        from: `./lib/${other}`,
        message: `lib/${cloud} does not import lib/${other}: the two cloud clients stay independent, and a feature module in lib/ combines them.`,
      },
    ];
  }),
  {
    target: "./lib/federation",
    from: "./lib",
    except: ["federation", "db.ts", "shared-reads.ts", "errors.ts", "log.ts", "generated"],
    message:
      "lib/federation is the configuration every capability reads, so it imports no capability (only lib/db and its shared reads, lib/errors, lib/log): the wizard writes it, the others read it.",
  },
  {
    target: "./lib/cloud-readings",
    from: "./lib",
    except: ["cloud-readings", "config.ts", "db.ts", "shared-reads.ts", "errors.ts", "log.ts", "json-column.ts", "stored-vocabulary.ts", "http", "generated"],
    message:
      "lib/cloud-readings keeps what the clouds said and spends their budgets for every capability, so it imports none: each capability defines its readings and hands them over.",
  },
  {
    // lib/aws, lib/entra and lib/federation have stricter zones of their own above.
    target: ["./lib/!(setup|aws|entra|federation)/**", "./lib/*.ts"],
    from: "./lib/setup",
    except: ["setup-progress.ts", "connection-changes.ts", "federation-status.ts"],
    message:
      "Outside the wizard, lib/ reads what is configured from lib/federation; lib/setup offers others only its progress (setup-progress), resets after a connection change (connection-changes) and the Federation card (federation-status).",
  },
  {
    target: "./simulators",
    from: ["./lib", "./app", "./components", "./actions", "./scripts"],
    message:
      "simulators/ are an independent picture of the clouds and share no code with SSO Bridge: keep what they need in simulators/ (or take it from a package).",
  },
  {
    target: [...UI, "./lib", ...ROOT_FILES],
    from: "./simulators",
    message:
      "Only tests/ and scripts/ use simulators/: SSO Bridge reaches them through configuration (AWS_ENDPOINT_URL, ENTRA_AUTHORITY_HOST, GRAPH_BASE_URL), never by importing them.",
  },
  {
    target: "./actions",
    from: ["./app", "./components"],
    message: "actions/ import nothing from app/ or components/: a server action calls lib/ and returns plain data that pages and components render.",
  },
];

// Types from the cloud clients may describe what the UI shows; values may not, so that the UI cannot call a cloud.
// import/no-restricted-paths cannot tell a type import apart, so this part is matched on the import's text: from
// app/, components/ and actions/ lib/ is reached either through the "@/" alias or by climbing to the root with "../".
const CLOUD_CLIENT = "^(@/|(\\.\\./)+)lib/(aws|entra)(/|$)";
const cloudClientMessage =
  "The UI never calls AWS or Microsoft Graph: from lib/aws and lib/entra it imports only types (import type); call a lib/ feature function (from a page or a server action in actions/) instead.";

// JSON text is parsed in one module, lib/http/json-text.ts. A stored column is read through its codec (lib/json-column.ts),
// which checks the value against the column's schema and names the column when a row does not fit; other JSON goes through
// jsonOrUndefined and then its schema. A bare JSON.parse hands on an unchecked value, and its error quotes the text, secrets
// included. Tests and the simulators (which share no code with lib/) parse what they like.
const JSON_PARSE_MESSAGE =
  "Parse JSON through lib/http/json-text.ts (jsonOrUndefined, then a schema), and a stored column through its codec (jsonColumn in lib/json-column.ts, beside the module that owns the column).";

export default defineConfig([
  // Rules are adjusted here, with the reason, never switched off in the code.
  { linterOptions: { noInlineConfig: true } },
  globalIgnores(["lib/generated/**", ".next/**", "node_modules/**", ".data/**", "next-env.d.ts", "test-results/**"]),
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    files: TS_FILES,
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // vitest.config.mts is outside tsconfig.json's include, which lists .ts and .tsx files.
        projectService: { allowDefaultProject: ["vitest.config.mts"] },
        tsconfigRootDir: root,
      },
    },
  },
  {
    files: TS_FILES,
    rules: {
      // The house marks a deliberately unused name (a field left out of a copy, a placeholder parameter) with "_".
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
    },
  },
  {
    files: ["**/*.test.{ts,tsx}"],
    rules: {
      // Vitest types its asymmetric matchers (expect.any, expect.stringMatching…) as any, and tests put them in expected
      // objects; an untyped value read in a test is still caught by no-unsafe-member-access, -argument, -call and -return.
      "@typescript-eslint/no-unsafe-assignment": "off",
    },
  },
  {
    rules: {
      // Apostrophes and quotes are plain prose in JSX text; only ">" and "}" there are likely slips of markup.
      "react/no-unescaped-entities": ["error", { forbid: [">", "}"] }],
    },
  },
  {
    files: ["tests/**"],
    rules: {
      // No React runs in tests/: a "use…" helper there registers test hooks (useFreshDatabase), not React hooks.
      "react-hooks/rules-of-hooks": "off",
    },
  },
  {
    rules: {
      "import/no-restricted-paths": ["error", { basePath: root, zones: layers }],
    },
  },
  {
    files: ["{lib,app,components,actions,scripts}/**/*.{ts,tsx}"],
    ignores: ["lib/http/json-text.ts", "**/*.test.{ts,tsx}"],
    rules: {
      "no-restricted-properties": ["error", { object: "JSON", property: "parse", message: JSON_PARSE_MESSAGE }],
    },
  },
  {
    files: UI_TS_FILES,
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: [{ regex: CLOUD_CLIENT, allowTypeImports: true, message: cloudClientMessage }] }],
      "no-restricted-syntax": [
        "error",
        // A selector's regular expression cannot hold "/", so "." stands in for it.
        { selector: `ImportExpression[source.value=/${CLOUD_CLIENT.replaceAll("/", ".")}/]`, message: cloudClientMessage },
      ],
    },
  },
]);
