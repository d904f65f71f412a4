// ESLint flat config (`npm run lint`). Formatting belongs to prettier (`npm run format`,
// .prettierrc); eslint-config-prettier, last, turns off every rule that would fight it.
//
// Not type-aware on purpose: recommendedTypeChecked took 17 s instead of 5 s on the 2-core
// CI machine, and 690 of its 715 findings were no-unsafe-* on synthesized Terraform JSON,
// which is `any` by nature (TfJson). Revisit once the tests read JSON through typed helpers.
import comments from "@eslint-community/eslint-plugin-eslint-comments/configs";
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import { defineConfig } from "eslint/config";
import { importX } from "eslint-plugin-import-x";
import globals from "globals";
import tseslint from "typescript-eslint";

export default defineConfig(
  { ignores: ["cdktf.out/**", "node_modules/**", "dist/**", "coverage/**", "imports/**"] },
  // A disable comment nobody needs any more is an error, so stale ones cannot pile up.
  { linterOptions: { reportUnusedDisableDirectives: "error" } },
  js.configs.recommended,
  tseslint.configs.recommended,
  comments.recommended,
  {
    rules: {
      // Every `eslint-disable…` says why: `// eslint-disable-next-line rule -- reason`.
      "@eslint-community/eslint-comments/require-description": ["error", { ignore: [] }],
      // The plain `eslint-disable` form (whole file) would hide future findings too.
      "@eslint-community/eslint-comments/disable-enable-pair": ["error", { allowWholeFile: false }],
    },
  },
  {
    files: ["**/*.ts"],
    plugins: { "import-x": importX },
    rules: {
      // Node built-ins, then packages, then ../ and ./ (no alphabetizing: the files group
      // their imports by meaning within each group).
      "import-x/order": ["error", { groups: ["builtin", "external", "parent", "sibling", "index"] }],
      "import-x/first": "error",
      "import-x/no-duplicates": "error",
    },
  },
  {
    // Plain CommonJS files: the esbuild runner, jest's config and setup, the bench's preload.
    files: ["**/*.js"],
    languageOptions: { sourceType: "commonjs", globals: { ...globals.node } },
    rules: {
      // CommonJS is how these files load anything.
      "@typescript-eslint/no-require-imports": "off",
    },
  },
  prettier,
);
