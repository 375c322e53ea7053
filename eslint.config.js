// typescript-eslint's type-checked rules: floating promises and unsafe `any` flows are bugs in a tool that drives AWS,
// so they are errors, and `npm run lint` (part of `npm test`) allows zero warnings.
import js from '@eslint/js';
import jest from 'eslint-plugin-jest';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/', 'stacksets/functions/', '*.cjs', 'scripts/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'test/*.cjs', 'test/helpers/*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      'no-console': 'error',
      // TypeScript's own convention: `_name` is a parameter an interface requires and this implementation ignores,
      // and `{ dropped: _dropped, ...rest }` is how a property is left out of a copy.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Passing a caught `unknown` on unchanged (`reject(error)`) is a rethrow, which only-throw-error allows too.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
    },
  },
  {
    // Plain JavaScript run by Node or Jest directly (test/env.cjs, helpers loaded before ts-jest).
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['test/**/*.ts'],
    plugins: { jest },
    languageOptions: { globals: jest.environments.globals.globals },
    rules: {
      // A test that asserts nothing proves nothing; helpers whose names start with `expect` assert too.
      'jest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expect*'] }],
      'jest/no-focused-tests': 'error',
      'jest/no-identical-title': 'error',
      'jest/valid-expect': 'error',
      // jest's version knows `expect(mock.method).toHaveBeenCalled()` passes a mock, not an unbound method.
      '@typescript-eslint/unbound-method': 'off',
      'jest/unbound-method': 'error',
      // Tests read untyped JSON on purpose (the CLI's --json output, AWS's service models, simulator responses) and
      // assert its shape: a wrong field fails the test where it is read, so `any` flowing into an assertion is not
      // the hidden bug it is in src/. Declaring `any` (no-explicit-any) stays an error.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
);
