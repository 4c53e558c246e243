// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import { builtinModules } from 'node:module';
import reactHooks from 'eslint-plugin-react-hooks';

/*
 * Packages are used through their front doors (package.json `exports`), never by a relative path
 * into another package's src/ or dist/: '@onestop/hub', '@onestop/shared' (/client, /testing),
 * '@onestop/app-common'. (tests/fixtures/make-hall-schema-v1.mjs runs inside an old checkout, whose
 * hub had no front door: its `./packages/hub/dist/` imports are its own.)
 */
const FRONT_DOORS = [
  {
    regex: '^(\\.\\./)+(packages/[^/]+|hub|shared)/(src|dist)(/|$)',
    message: "Import another package by its name ('@onestop/hub', '@onestop/shared', ...).",
  },
  {
    regex: '^(\\.\\./)+(apps/)?common/src(/|$)',
    message: "Import the apps' common code as '@onestop/app-common'.",
  },
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'artifacts/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
      'no-restricted-imports': ['error', { patterns: FRONT_DOORS }],
    },
  },
  {
    // packages/shared is pure: it runs in Node and in the browser alike.
    files: ['packages/shared/src/**/*.ts'],
    ignores: ['packages/shared/src/**/*.test.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...FRONT_DOORS,
            { group: ['node:*'], message: 'packages/shared is pure: no Node modules.' },
            { group: ['electron', 'electron/*'], message: 'packages/shared is pure: no Electron.' },
            { group: ['@onestop/hub', '@onestop/hub/*'], message: 'shared never imports the hub.' },
          ],
          paths: builtinModules.map((name) => ({
            name,
            message: 'packages/shared is pure: no Node modules.',
          })),
        },
      ],
    },
  },
  {
    // The engine imports nothing but domain types.
    files: ['packages/shared/src/engine/**/*.ts'],
    ignores: ['packages/shared/src/engine/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...FRONT_DOORS,
            {
              regex: '^(?!\\.\\./domain/|\\./).*',
              message: 'The engine imports only domain types and its own files.',
            },
          ],
        },
      ],
    },
  },
  {
    // Renderers run in a browser (or a sandboxed Electron window): no Node, no Electron; the
    // hub through HubClient, local hardware through the app's preload API only.
    files: ['apps/*/src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...FRONT_DOORS,
            { group: ['node:*'], message: 'A renderer runs in a browser: no Node modules.' },
            { group: ['electron', 'electron/*'], message: 'Use the preload API, not Electron.' },
            {
              group: ['**/main/**', '**/preload/**'],
              message: 'The renderer imports no main or preload code.',
            },
          ],
          paths: builtinModules.map((name) => ({ name, message: 'A renderer runs in a browser.' })),
        },
      ],
    },
  },
  {
    // What the installers pack of a shell (main, preload, the app's shared folder and
    // apps/common/electron) ships without the workspace packages: none may be imported there.
    files: ['apps/*/src/{main,preload,shared}/**/*.{ts,cts}', 'apps/common/electron/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...FRONT_DOORS,
            {
              group: ['@onestop/*'],
              message:
                "An installed shell ships without the workspace packages (build/installers/*.yml): keep what it needs in the app's own files.",
            },
          ],
        },
      ],
    },
  },
  {
    // Sandboxed preloads are CommonJS (preload.cts): `import electron = require('electron')`.
    files: ['apps/*/src/preload/**/*.cts'],
    rules: { '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }] },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  prettier,
);
