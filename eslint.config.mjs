import { defineConfig, globalIgnores } from "eslint/config";
import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import tseslint from "typescript-eslint";

const root = import.meta.dirname;

const TS_FILES = ["**/*.{ts,tsx,mts,cts}"];

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
]);
