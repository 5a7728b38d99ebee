// Type-aware lint for every TypeScript file. Its job is to catch promise bugs (a floating promise is
// an unhandled rejection waiting to crash the main process; an async function handed to an API that
// ignores its result loses its errors), not to restyle the code: formatting belongs to Prettier.
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default defineConfig(
  {
    ignores: ['out/**', 'dist/**', 'node_modules/**', 'docs/**', 'bench/results/**', 'e2e/artifacts/**', 'test-results/**'],
  },
  {
    files: ['**/*.{ts,tsx,mts}'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // The solution tsconfig.json references tsconfig.node/web/e2e.json: each file is checked
        // under the project that owns it, as `npm run typecheck` sees it.
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // The code declares callbacks in method shorthand (`onClose(): void`) and none of them uses `this`.
      '@typescript-eslint/unbound-method': 'off',
      // An async function without await still returns a promise, which interfaces and fakes rely on.
      '@typescript-eslint/require-await': 'off',
      // A leading underscore is how the code marks a parameter kept for its position, or a field left out.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Rejecting with an AbortSignal's reason (typed unknown) is what fetch does; callers expect that value.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
    },
  },
  {
    // vitest's asymmetric matchers (expect.any, expect.stringMatching) are typed `any`, and tests
    // read JSON they wrote themselves: the any-family would flag nearly every assertion.
    files: ['**/*.test.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
  {
    // The repo's chores in plain ES modules: no tsconfig covers them, so syntax-level rules only.
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.recommended, tseslint.configs.disableTypeChecked],
  },
  prettier,
);
