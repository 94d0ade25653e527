/**
 * `npx eslint .` (and `npm run lint`, which adds `prettier --check .`).
 *
 * Rules that find mistakes, not taste: Prettier owns the layout (eslint-config-prettier turns
 * every style rule off). typescript-eslint's recommended set runs without type information, so a
 * lint takes seconds on two cores; `npm run typecheck` is where the types are checked. Lit's rules
 * and lit-a11y's accessibility rules apply to the code that renders templates in a browser.
 * import-x/no-cycle keeps dependencies pointing one way (ARCHITECTURE.md): a module that imports
 * itself back, however far round, fails the lint. Type-only imports do not count — they vanish
 * at run time.
 */
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import lit from 'eslint-plugin-lit';
import litA11y from 'eslint-plugin-lit-a11y';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Code that runs in a browser (see tsconfig.browser.json): the DOM's globals, Lit's rules. */
const BROWSER_FILES = ['widget/**/*.{ts,js}', 'server/dashboard/client/**/*.ts', 'server/demo/client/**/*.ts', 'test/browser/**/*.{ts,js}'];
/** Node code that is not part of those: the widget's build step, web-test-runner's server side. */
const NODE_IN_BROWSER_FOLDERS = ['widget/build/**', 'test/browser/server-plugin.js', 'test/browser/webkit-launcher.js'];

export default tseslint.config(
  {
    ignores: ['node_modules/', '**/dist/', 'data/', '.data/', 'coverage/', 'bench/out/', 'bench/scratch/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_name` says "deliberately unused" (a callback's position, a destructured rest).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      // Tests and parsers of foreign payloads (Ogone's XML, JSON read back from a column) read
      // shapes TypeScript cannot know; the type-check still sees every `any` spelled out.
      '@typescript-eslint/no-explicit-any': 'off',
      // `value!` after a check TypeScript cannot follow (a Map lookup just set, a regex group that
      // matched) is deliberate and reviewed; noUncheckedIndexedAccess makes it common.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: BROWSER_FILES,
    ignores: NODE_IN_BROWSER_FOLDERS,
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Lit templates: the widget and the browser tests that render it.
    files: ['widget/**/*.ts', 'test/browser/**/*.ts'],
    ignores: NODE_IN_BROWSER_FOLDERS,
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['widget/**/*.ts', 'test/browser/**/*.ts'],
    ignores: NODE_IN_BROWSER_FOLDERS,
    ...litA11y.configs.recommended,
  },
  {
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.mjs'] })],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/extensions': ['.ts', '.js', '.mjs'],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    // Chai's assertions end in properties (`expect(x).to.be.a('string').and.not.empty`): an
    // expression statement that asserts, not a forgotten call.
    files: ['widget/**/*.test.ts', 'test/browser/**/*.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    // The sandbox's XML answers strip the control characters XML 1.0 forbids and escape those
    // outside ASCII: regular expressions over control characters are the point there.
    files: ['server/sandbox/directlink/xml.ts'],
    rules: { 'no-control-regex': 'off' },
  },
  {
    // The hosted page's text values send line breaks and other control characters as a space
    // (a browser posts LF as CRLF, breaking SHA-IN), and an account's secrets refuse them (a secret
    // file's last line break): matching control characters is the point.
    files: ['server/payments/hosted-page.ts', 'shared/schemas/config.ts'],
    rules: { 'no-control-regex': 'off' },
  },
  prettier,
);
